"""Who may open the Outreach screens, and what they say when the mailer is down."""

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db
SCREENS = [
    "/admin/convene/outreach/lists/",
    "/admin/convene/outreach/templates/",
    "/admin/convene/outreach/campaigns/",
    "/admin/convene/outreach/campaigns/new/",
]


def editor(django_user_model, *, outreach: bool):
    user = django_user_model.objects.create_user("editor", password="pw-0123456789")
    group = Group.objects.create(name="Editors here")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if outreach:
        group.permissions.add(Permission.objects.get(codename="manage_outreach"))
    user.groups.add(group)
    return user


@pytest.mark.parametrize("url", SCREENS)
def test_editors_without_the_outreach_permission_are_refused(client, django_user_model, url):
    client.force_login(editor(django_user_model, outreach=False))
    refused = client.get(url, follow=True)  # Wagtail turns a 403 into a message on the dashboard
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "do not have permission" in refused.text
    menu = client.get("/admin/").text
    assert "convene-outreach" not in menu


@pytest.mark.parametrize("url", SCREENS)
def test_an_unreachable_mailer_is_explained_and_changes_nothing(client, django_user_model, url):
    client.force_login(editor(django_user_model, outreach=True))
    page = client.get(url)
    assert page.status_code == 503
    assert "The mailer service cannot be reached" in page.text
    assert client.get(url, {"format": "json"}).status_code == 503
    assert "convene-outreach" in client.get("/admin/").text
