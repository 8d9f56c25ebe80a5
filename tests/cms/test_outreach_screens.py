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


@pytest.mark.parametrize("offset", ["abc", "1.5", "1e3", "9" * 5000])
def test_a_non_integer_offset_answers_400(client, django_user_model, monkeypatch, offset):
    from wagtail_convene.outreach.screens.base import OutreachView

    job = {
        "id": "0190f0f0-0000-7000-8000-000000000001",
        "list": "members",
        "status": "done",
        "processed": 3,
        "total": 3,
        "counts": {"new": 3},
        "columns": ["email"],
        "suggested": {},
        "source_kind": "regional_economic_community",
        "source_name": "Members",
        "consent_basis": "their own consent records",
    }
    answers = {"get_import": job, "import_rows": []}
    monkeypatch.setattr(OutreachView, "call", lambda self, method, *a, **k: answers[method])
    client.force_login(editor(django_user_model, outreach=True))
    url = f"/admin/convene/outreach/imports/{job['id']}/"
    assert client.get(url, {"offset": "100"}).status_code == 200
    assert client.get(url, {"offset": offset}).status_code == 400
