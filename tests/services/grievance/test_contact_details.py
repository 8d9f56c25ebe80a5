"""A grievance reporter's contact details: only the case's assignee opens them, after
giving a reason, and each opening is audited (issue 16). A colleague with the region, or a
stolen staff session that is not the assignee's, sees that details are held, not what."""

from __future__ import annotations

from sqlalchemy import select

from services.grievance.extensions import db
from services.grievance.models import AuditEntry

from .conftest import cms, grievance, staff

CONTACT = {"name": "Canary Reporter", "email": "canary.reporter@example.org"}


def filed(client) -> str:
    sent = client.post("/grievances", json=grievance(contact=CONTACT), headers=cms())
    assert sent.status_code == 201, sent.get_json()
    [item] = client.get("/cases?kind=grievance", headers=staff("ECE")).get_json()["items"]
    return item["id"]


def test_only_the_assignee_with_a_reason_reads_the_contact_details(app, client):
    case = filed(client)
    colleague, assignee = staff("ECE", subject="user:2"), staff("ECE", subject="user:3")

    seen = client.get(f"/cases/{case}", headers=colleague)
    assert seen.status_code == 200 and "Canary Reporter" not in seen.text
    assert seen.get_json()["contact_held"] is True
    refused = client.get(f"/cases/{case}?contact_reason=answering", headers=colleague)
    assert refused.status_code == 403 and "Canary" not in refused.text

    # Assigned to user:3, who still sees nothing without saying why.
    assign = {"action": "assign", "assignee": "cms:user:3"}
    assert client.post(f"/cases/{case}/actions", json=assign, headers=colleague).status_code == 200
    quiet = client.get(f"/cases/{case}", headers=assignee).get_json()
    assert quiet["contact"] is None and quiet["contact_open_to_me"] is True
    opened = client.get(f"/cases/{case}?contact_reason=answering", headers=assignee)
    assert opened.get_json()["contact"] == {**CONTACT, "phone": "", "other": ""}
    # The colleague, still not the assignee, is still refused.
    assert client.get(f"/cases/{case}?contact_reason=safety", headers=colleague).status_code == 403

    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.actor + " " + AuditEntry.action).where(
                AuditEntry.action.like("case.contact%")
            )
        ).all()
    assert actions == ["cms:user:3 case.contact:answering"]


def test_nobody_assigns_a_case_to_themselves_and_the_audit_names_the_assignee(app, client):
    """Else anyone with the region could take a case, then its contact details."""
    case = filed(client)
    me = staff("ECE", subject="user:4")
    taken = client.post(
        f"/cases/{case}/actions", json={"action": "assign", "assignee": "cms:user:4"}, headers=me
    )
    assert taken.status_code == 409
    assert client.get(f"/cases/{case}?contact_reason=safety", headers=me).status_code == 403
    given = {"action": "assign", "assignee": "cms:user:4"}
    colleague = staff("ECE", subject="user:5")
    assert client.post(f"/cases/{case}/actions", json=given, headers=colleague).status_code == 200
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("case.assign%"))
        ).all()
    assert actions == ["case.assign:cms:user:4"]


def test_an_assignee_is_a_member_of_staff_not_free_text(client):
    case = filed(client)
    for text in ("Someone outside", "cms:user:3; drop", "registration:user:1"):
        refused = client.post(
            f"/cases/{case}/actions",
            json={"action": "assign", "assignee": text},
            headers=staff("ECE"),
        )
        assert refused.status_code == 422, text
