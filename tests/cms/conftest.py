"""Plugin test kit: one Wagtail test database per run, builders for pages and users."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from tests.support.ports import free_port
from wagtail_convene.events.models import EventPage
from wagtail_convene.intake.models import IntakeReviewer


@pytest.fixture(autouse=True)
def unreachable_services(settings):
    """Unit tests never reach a service: a closed loopback port fails at once."""
    settings.WAGTAILCONVENE_REGISTRATION_URL = f"http://127.0.0.1:{free_port()}"


def make_event(publish=True, **kwargs) -> EventPage:
    home = Site.objects.get(is_default_site=True).root_page
    starts = timezone.now() + timedelta(days=50)
    fields = {
        "title": "Consultation",
        "slug": "consultation",
        "region": "ECE",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "timezone": "Europe/Zurich",
    }
    fields.update(kwargs)
    page = EventPage(**fields)
    home.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def make_reviewer(django_user_model, username="reviewer", regions="ECE"):
    user = django_user_model.objects.create_superuser(username, password="pw-0123456789")
    if regions:
        IntakeReviewer.objects.create(user=user, regions=regions)
    return user
