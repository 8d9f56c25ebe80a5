"""Plugin pieces: tokens the services accept, model validation, intake access."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings

from services.common.auth import TokenVerifier, new_signing_key, public_key_of
from wagtail_convene.clients.tokens import ServiceTokens
from wagtail_convene.events.models import EventPage
from wagtail_convene.intake.models import IntakeReviewer
from wagtail_convene.intake.wagtail_hooks import ReviewerMenuItem

from .conftest import make_event, make_reviewer

SIGNING_KEY = new_signing_key()


def test_plugin_tokens_pass_the_services_verifier():
    class User:
        pk = 42

    token = ServiceTokens(SIGNING_KEY).mint(
        "registration", user=User(), roles=["secretariat"], regions=["ECE"]
    )
    claims = TokenVerifier({"cms": public_key_of(SIGNING_KEY)}, "registration").verify(token)
    assert claims.subject == "user:42"
    assert claims.may_see_region("ECE") and claims.has_role("secretariat")


@pytest.mark.django_db
def test_event_cannot_end_before_it_starts():
    page = make_event()
    page.end_date = page.start_date.replace(year=page.start_date.year - 1)
    with pytest.raises(ValidationError, match="cannot end before"):
        page.full_clean()


@pytest.mark.django_db
def test_translations_of_an_event_share_its_key():
    page = make_event()
    assert page.event_key == str(page.translation_key)
    assert EventPage.objects.get(pk=page.pk).registration_settings()["region"] == "ECE"


@pytest.mark.django_db
def test_reviewer_regions_are_checked(django_user_model):
    user = django_user_model.objects.create_user("r")
    with pytest.raises(ValidationError, match="XYZ"):
        IntakeReviewer(user=user, regions="ECE, XYZ").full_clean()
    assert IntakeReviewer(user=user, regions=" ece ,ESCAP").region_codes == ["ECE", "ESCAP"]


@pytest.mark.django_db
def test_intake_needs_a_reviewer_with_regions(client, django_user_model):
    url = "/admin/convene/intake/registrations/"
    plain = make_reviewer(django_user_model, "plain", regions=None)
    client.force_login(plain)
    refused = client.get(url, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "permission" in refused.text
    item = ReviewerMenuItem("Registrations", url)
    assert not item.is_shown(_as(plain))
    reviewer = make_reviewer(django_user_model, "ece", regions="ECE")
    assert item.is_shown(_as(reviewer))
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 503
    assert "cannot be reached" in response.text
    assert "no-store" in response["Cache-Control"]


def _as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@override_settings(WAGTAILCONVENE_SIGNING_KEY="")
def test_missing_signing_key_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    from wagtail_convene import conf

    with pytest.raises(ImproperlyConfigured):
        conf.signing_key()
