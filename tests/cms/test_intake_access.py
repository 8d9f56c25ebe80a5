"""Django groups map reviewers to regions; the regions travel in each service call."""

import jwt
import pytest
from django.contrib.auth.models import Group, Permission

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
    claims = jwt.decode(
        token, settings.WAGTAILCONVENE_SERVICE_SECRET, algorithms=["HS256"], audience="registration"
    )
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
