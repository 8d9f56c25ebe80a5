"""Plugin test kit: one Wagtail test database per run, builders for pages and users."""

from datetime import time, timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import Locale, Site

from tests.support.ports import free_port
from wagtail_convene.events.models import CalendarPage, EventPage, EventTrack
from wagtail_convene.intake.models import IntakeReviewer
from wagtail_convene.reviews.models import CriteriaPage, RegionalReviewPage


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request to an /ar/ page leaves Arabic active in the
    test's thread (LocaleMiddleware activates it and nothing deactivates it)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` signs in as staff do: the password and the second factor
    (an app with the test-only secret verifies the session). A test of the second step
    itself signs in with the password, through the sign-in page."""
    from django.test import Client

    from tests.support.second_factor import verify_session

    force_login = Client.force_login

    def verified(self, user, backend=None):
        force_login(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", verified)


@pytest.fixture(autouse=True)
def fresh_form_limits():
    """Each test starts with no public form posted (the counts live in process memory)."""
    from django.apps import apps

    apps.get_app_config("wagtail_convene").throttle_store.clear()


@pytest.fixture(autouse=True)
def unreachable_services(settings):
    """Unit tests never reach a service: a closed loopback port fails at once."""
    settings.WAGTAILCONVENE_REGISTRATION_URL = f"http://127.0.0.1:{free_port()}"
    settings.WAGTAILCONVENE_MAILER_URL = f"http://127.0.0.1:{free_port()}"
    settings.WAGTAILCONVENE_GRIEVANCE_URL = f"http://127.0.0.1:{free_port()}"


def home():
    return Site.objects.get(is_default_site=True).root_page


def publish(page):
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def make_review(region="ECE", **kwargs) -> RegionalReviewPage:
    page = RegionalReviewPage(
        title=f"Review {region}", slug=f"review-{region.lower()}", region=region, **kwargs
    )
    home().add_child(instance=page)
    return publish(page)


def make_criteria(review, live=True) -> CriteriaPage:
    page = CriteriaPage(
        title="Criteria",
        slug="criteria",
        live=False,
        body=[("paragraph", "<p>Who may take part.</p>")],
    )
    review.add_child(instance=page)
    return publish(page) if live else page


def make_calendar(parent) -> CalendarPage:
    page = CalendarPage(title="Calendar", slug="calendar")
    parent.add_child(instance=page)
    return publish(page)


def make_event(parent=None, publish_it=True, tracks=None, days=50, **kwargs) -> EventPage:
    if parent is None:
        review = RegionalReviewPage.objects.filter(region=kwargs.get("region", "ECE")).first()
        review = review or make_review(kwargs.get("region", "ECE"))
        parent = review
        if "criteria" not in kwargs and kwargs.get("registration_open", True):
            kwargs["criteria"] = CriteriaPage.objects.child_of(review).first() or make_criteria(
                review
            )
    day = timezone.localdate() + timedelta(days=days)
    fields = {
        "title": "Consultation",
        "slug": "consultation",
        "region": "ECE",
        "start_date": day,
        "start_time": time(9),
        "end_date": day,
        "end_time": time(12),
        "timezone": "Europe/Zurich",
    }
    fields.update(kwargs)
    page = EventPage(live=False, **fields)
    tracks = [open_track()] if tracks is None else tracks  # one open track unless told
    page.tracks = [EventTrack(**t) for t in tracks]
    parent.add_child(instance=page)
    return publish(page) if publish_it else page


def open_track(name="Civil society", **kwargs) -> dict:
    now = timezone.now()
    return {
        "name": name,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=10),
        **kwargs,
    }


def make_reviewer(django_user_model, username="reviewer", regions="ECE"):
    user = django_user_model.objects.create_superuser(username, password="pw-0123456789")
    if regions:
        IntakeReviewer.objects.create(user=user, regions=regions)
    return user


def locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def translate_page(page, code: str):
    """A published copy of `page` (and its parents) in another language."""
    copy = page.copy_for_translation(locale(code), copy_parents=True)
    copy.save_revision().publish()
    for ancestor in copy.get_ancestors().specific():
        if not ancestor.live and ancestor.depth > 1:
            publish(ancestor)
    return copy.specific.__class__.objects.get(pk=copy.pk)
