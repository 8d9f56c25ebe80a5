"""Django groups map reviewers to regions; the regions travel in each service call."""

import jwt
import pytest
from django.contrib.auth.models import Group, Permission

from services.common.auth import TokenVerifier, public_key_of
from wagtail_convene.intake.models import GroupRegions, reviewer_regions

pytestmark = pytest.mark.django_db
QUEUE = "/admin/convene/intake/registrations/"


def staff(django_user_model, name="staff"):
    user = django_user_model.objects.create_user(name, password="pw-0123456789")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_a_group_gives_its_members_its_regions(client, django_user_model):
    user = staff(django_user_model)
    group = Group.objects.create(name="ECE secretariat")
    GroupRegions.objects.create(group=group, regions="ECE, eca")
    assert reviewer_regions(user) == []
    user.groups.add(group)
    assert reviewer_regions(user) == ["ECA", "ECE"]
    client.force_login(user)
    page = client.get(QUEUE)
    assert page.status_code == 503  # allowed in: the service is down in unit tests
    assert "registration service cannot be reached" in page.text


def test_without_regions_the_queue_is_refused(client, django_user_model):
    client.force_login(staff(django_user_model))
    refused = client.get(QUEUE, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]


def test_the_service_token_names_the_user_and_the_regions(settings, django_user_model):
    from wagtail_convene.clients import RegistrationClient

    user = staff(django_user_model)
    with RegistrationClient.from_settings() as client:
        token = client._staff(user, ["ECE"])
    verifier = TokenVerifier(
        {"cms": public_key_of(settings.WAGTAILCONVENE_SIGNING_KEY)}, "registration"
    )
    claims = jwt.decode(token, options={"verify_signature": False})
    assert verifier.verify(token).token_id == claims["jti"]
    assert (claims["sub"], claims["roles"], claims["regions"]) == (
        f"user:{user.pk}",
        ["secretariat"],
        ["ECE"],
    )


def test_the_selection_screens_need_regions_and_are_never_cached(client, django_user_model):
    user = staff(django_user_model, "selector")
    client.force_login(user)
    assert client.get("/admin/convene/intake/selections/", follow=True).redirect_chain == [
        ("/admin/", 302)
    ]
    group = Group.objects.create(name="ECA secretariat")
    GroupRegions.objects.create(group=group, regions="ECA")
    user.groups.add(group)
    page = client.get("/admin/convene/intake/selections/")
    assert page.status_code == 200  # no event in the region yet: nothing to ask the service
    assert "There is no published event in the regions you review." in page.text
    assert "no-store" in page["Cache-Control"]


def test_reprisals_are_for_the_desk_only_and_grievances_say_when_the_service_is_down(
    client, django_user_model
):
    user = staff(django_user_model, "intake")
    group = Group.objects.create(name="ECE intake")
    GroupRegions.objects.create(group=group, regions="ECE")
    user.groups.add(group)
    client.force_login(user)
    refused = client.get("/admin/convene/intake/cases/reprisals/", follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]  # not on the reprisal desk
    assert client.get("/admin/convene/intake/desk/", follow=True).redirect_chain == [
        ("/admin/", 302)
    ]
    down = client.get("/admin/convene/intake/cases/grievances/")
    assert down.status_code == 503 and "no-store" in down["Cache-Control"]
    assert "The grievance service cannot be reached" in down.text
    user.groups.add(Group.objects.create(name="Reprisal desk"))
    assert client.get("/admin/convene/intake/desk/").status_code == 200


def test_the_queue_filters_are_choices_named_in_the_admins_language():
    from django import forms
    from django.utils import translation

    from wagtail_convene.intake.forms import QueueFilterForm

    with translation.override("fr"):
        form = QueueFilterForm(regions=["ECE"])
        fields = form.fields
        for name in ("status", "category", "subregion", "country", "gender", "age_band"):
            assert isinstance(fields[name].widget, forms.Select), name
        countries = dict(fields["country"].choices)
        assert countries["DE"] == "Allemagne" and "KE" not in countries  # ECE only
        subregions = dict(fields["subregion"].choices)
        assert "Western Europe" in subregions and "Caribbean" not in subregions
        groups = dict(fields["category"].choices)
        assert "academia" in groups and groups["academia"] != "academia"
        assert dict(fields["age_band"].choices)["30_59"] != "30_59"
        html = form.as_p()
    assert ">30_59<" not in html and ">prefer_not_to_say<" not in html


def test_codes_are_named_in_words(django_user_model):
    from wagtail_convene import labels
    from wagtail_convene.intake.case_views import labelled_case

    officer = django_user_model.objects.create_user("officer", first_name="Ada", last_name="Ngo")
    assert labels.actor_label(f"cms:user:{officer.pk}") == "Ada Ngo"
    assert labels.actor_label("registrant") == "The registrant"
    assert labels.track_kind_label("floor_speaker") == "Request to speak from the floor"
    assert labels.value_label("age_band", "30_59") == "30 to 59"
    assert labels.value_label("gender", "prefer_not_to_say") == "Prefer not to say"
    assert labels.status_label("not_selected") == "Not selected"
    assert labels.reason_label({"code": "criterion_expertise", "message": "x"}) == (
        "Criterion not checked: Has expertise in migration."
    )
    assert labels.reason_label({"code": "status", "status": "eligible", "message": "x"}) == (
        "Not possible for a registration that is eligible."
    )
    case = labelled_case(
        {
            "kind": "reprisal",
            "status": "in_progress",
            "category": "online_harassment",
            "country": "KE",
            "report": {"what_happened": "Threats.", "danger": True, "country": "KE"},
            "notes": [{"author": f"cms:user:{officer.pk}", "text": "Called back."}],
        }
    )
    assert (case["status_label"], case["category_label"]) == ("In progress", "Online harassment")
    assert case["report_lines"] == [
        {"label": "What happened", "value": "Threats."},
        {"label": "Anyone in immediate danger", "value": "Yes"},
        {"label": "Where", "value": "Kenya"},
    ]
    assert case["note_lines"][0]["author_label"] == "Ada Ngo"


def test_a_bulk_outcome_says_what_was_done_and_why_the_others_were_skipped():
    from wagtail_convene.intake.decisions import bulk_outcome

    outcome = {  # as the registration service answers (BulkOutcomeSchema)
        "status": "applied",
        "count": 2,
        "done": ["a", "b"],
        "skipped": [
            {
                "id": "c",
                "status": "eligible",
                "reasons": [{"code": "status", "status": "eligible"}],
            },
            {
                "id": "d",
                "status": "eligible",
                "reasons": [{"code": "status", "status": "eligible"}],
            },
            {
                "id": "e",
                "status": "received",
                "reasons": [{"code": "criterion_category"}, {"code": "criterion_expertise"}],
            },
        ],
    }
    done, skipped = bulk_outcome("start_review", outcome)
    assert done == "Start review: done for 2 registrations."
    assert skipped == [
        "2 registrations skipped: Not possible for a registration that is eligible.",
        "1 registration skipped: Criterion not checked: Represents a relevant stakeholder "
        "entity. Criterion not checked: Has expertise in migration.",
    ]


def reviewer(django_user_model, name="reviewer"):
    user = staff(django_user_model, name)
    group, _ = Group.objects.get_or_create(name="ECE reviewers")
    GroupRegions.objects.get_or_create(group=group, defaults={"regions": "ECE"})
    user.groups.add(group)
    return user


RECORD = "/admin/convene/intake/registrations/01a236a0-3835-7c0f-bd52-96600b1538f2/"


@pytest.mark.parametrize(
    "path", [QUEUE, QUEUE + "?event=e1&export=1", RECORD + "?reason=selection"]
)
def test_a_navigation_started_by_another_site_decrypts_nothing(client, django_user_model, path):
    """A page elsewhere links the officer to a decrypting screen (SameSite=Lax sends the
    cookie): the screen refuses before calling the service, and offers to open it."""
    client.force_login(reviewer(django_user_model))
    refused = client.get(path, HTTP_SEC_FETCH_SITE="cross-site")
    assert refused.status_code == 403
    assert "Nothing has been opened or decrypted" in refused.text
    assert 'href="' + path.replace("&", "&amp;") + '"' in refused.text
    # The officer's own navigation reaches the service (down in unit tests: 503).
    assert client.get(path, HTTP_SEC_FETCH_SITE="same-origin").status_code == 503


def test_the_export_and_opening_a_record_are_posts_with_the_csrf_check(django_user_model):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reviewer(django_user_model, "csrf"))
    # A GET no longer exports: it is the queue (the service is down: 503), never a CSV.
    listed = browser.get(QUEUE + "?event=e1&export=1")
    assert listed.status_code == 503 and "text/csv" not in listed["Content-Type"]
    # A forged POST without the token is refused by Django's CSRF check.
    assert browser.post(QUEUE + "?event=e1", {"export": "1"}).status_code == 403
    assert browser.post(RECORD, {"step": "open", "reason": "selection"}).status_code == 403
    form = browser.get(RECORD)
    assert 'method="post"' in form.text and 'name="csrfmiddlewaretoken"' in form.text
