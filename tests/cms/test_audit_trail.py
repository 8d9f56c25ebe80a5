"""The audit trail in the admin (issue 18): auditors only, labels not codes, filters
passed to the service, regions held, the CSV escaped, the auditor's read recorded; and
"my registration" tells the person when the secretariat opened it and why, in French,
naming the staff member only when the site allows it."""

import csv
import html
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from sqlalchemy import select

from wagtail_convene.clients import RegistrationClient
from wagtail_convene.intake.models import GroupRegions

from . import test_selfservice_pages as pages
from .conftest import make_event, make_reviewer

pytestmark = pytest.mark.django_db
registration_service = pages.registration_service  # the real service, on loopback
TRAIL = "/admin/convene/audit/"


def staff(django_user_model, name, *groups):
    user = django_user_model.objects.create_user(
        name, password="pw-0123456789", first_name=name.title(), last_name="Staff"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for group in groups:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def test_only_auditors_reach_the_trail(client, django_user_model):
    client.force_login(staff(django_user_model, "clerk", "ECE secretariat"))
    assert client.get(TRAIL).status_code == 403
    assert client.post(TRAIL).status_code == 403
    assert TRAIL not in client.get("/admin/").text


@pytest.fixture
def opened(registration_service, django_user_model):
    """A registration opened by a secretariat member, with a reason a spreadsheet would
    run as a formula; returns (registration id, that member)."""
    page = make_event()
    secretariat = make_reviewer(django_user_model, "officer")
    secretariat.first_name, secretariat.last_name = "Olga", "Officer"
    secretariat.save()
    with RegistrationClient.from_settings() as service:
        rid = service.register(
            {
                "event": page.event_key,
                "track": str(page.tracks.first().key),
                "name": "Amina",
                "email": "amina@example.org",
                "country": "FR",
                "age_band": "30_59",
                "language": "fr",
                "category": "civil_society",
            },
            "audit-trail",
        )["id"]
        service.detail(secretariat, ["ECE"], rid, "eligibility check")
        service.detail(secretariat, ["ECE"], rid, "=HYPERLINK(1)")
    return rid, secretariat


def test_an_auditor_reads_filters_and_exports_the_trail(
    client,
    django_user_model,
    registration_service,
    opened,
):
    from services.registration.extensions import db
    from services.registration.models import AuditEntry

    auditor = staff(django_user_model, "auditor", "Auditors")
    client.force_login(auditor)
    query = "?service=registration&action=registration.decrypt"
    page = client.get(TRAIL + query)
    assert page.status_code == 200, page.text
    table = page.text.split("<tbody>")[1]
    assert table.count("Registration opened") == 2 and "Olga Officer" in table
    assert "Checking eligibility and criteria" in table  # the reason, in words
    assert "Europe and North America (ECE)" in table
    assert "registration.decrypt" not in table
    assert "Registration received" not in table  # filtered out by the service

    export = client.post(TRAIL + query)
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert export["Content-Type"].startswith("text/csv") and len(rows) == 3
    assert "'=HYPERLINK(1)" in rows[1] and "=HYPERLINK(1)" not in rows[1]

    with registration_service.app_context():
        reads = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "audit.read", AuditEntry.actor == f"cms:user:{auditor.pk}"
            )
        ).all()
    assert len(reads) == 2 and all("action=registration.decrypt" in r.reason for r in reads)


def test_a_regional_auditor_sees_only_their_regions(
    client,
    django_user_model,
    opened,
):
    group = Group.objects.create(name="ECA auditors")
    GroupRegions.objects.create(group=group, regions="ECA")
    auditor = staff(django_user_model, "eca_auditor", "Auditors", "ECA auditors")
    client.force_login(auditor)
    page = client.get(TRAIL + "?service=registration&object_type=registration")
    assert page.status_code == 200
    table = page.text.split("<tbody>")[1]
    assert "No entry matches these filters." in table and "Registration" not in table
    assert "Regions you audit: ECA." in page.text
    other = client.get(TRAIL + "?region=ECE")  # not a choice of theirs: refused, not ignored
    assert other.status_code == 400 and "<tbody>" not in other.text


def test_my_registration_shows_when_and_why_it_was_opened_in_french(
    client, registration_service, opened
):
    rid, _officer = opened
    mine = pages._emailed_path(
        registration_service, "registration.receipt", rid, "my_registration_url"
    )
    anonymous = html.unescape(client.get(mine, follow=True).text)
    assert "Quand le secrétariat a ouvert mon inscription" in anonymous
    assert "Motif indiqué\u00a0: Vérification de l'admissibilité et des critères" in anonymous
    assert "le secrétariat l'a ouverte" in anonymous and "Olga Officer" not in anonymous
    with override_settings(WAGTAILCONVENE_SHOW_OPENER_NAME=True):
        named = html.unescape(client.get("/fr/registration/mine/").text)
    assert "Olga Officer l'a ouverte. Motif indiqué\u00a0: Vérification" in named
    assert "le secrétariat l'a ouverte" not in named
