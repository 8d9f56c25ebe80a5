"""The grievance audit trail (issue 18): an auditor reads grievance entries of their
regions; the reprisal desk's entries need the desk's role as well."""

from __future__ import annotations

from sqlalchemy import delete

from services.grievance.extensions import db
from services.grievance.models import Case, CaseMessage

from ..conftest import bearer
from .conftest import cms, desk_member, grievance, staff


def auditor(*regions, desk=False):
    roles = ["auditor", "reprisal_desk"] if desk else ["auditor"]
    return bearer("grievance", subject="user:9", roles=roles, regions=regions)


def actions(client, headers, query="") -> set[str]:
    response = client.get(f"/audit?limit=500{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return {e["action"] for e in response.get_json()["items"]}


def test_desk_entries_need_the_desk_role_and_cases_the_region(app, client, desk):
    assert client.post("/grievances", json=grievance(), headers=cms()).status_code == 201
    [case] = client.get("/cases?kind=grievance", headers=staff("ECE")).get_json()["items"]
    assert client.get(f"/cases/{case['id']}", headers=staff("ECE")).status_code == 200
    assert client.get("/audit", headers=staff("ECE")).status_code == 403
    assert client.get("/audit", headers=desk_member("ECE")).status_code == 403

    plain = actions(client, auditor("ECE"))
    assert "case.view" in plain and not any(a.startswith("desk.") for a in plain)
    with_desk = actions(client, auditor("ECE", desk=True))
    assert {"case.view", "desk.create", "desk.unlock"} <= with_desk
    assert "case.view" not in actions(client, auditor("ECA", desk=True))
    viewed = client.get(f"/audit?object_id={case['id']}", headers=auditor("ECE")).get_json()
    assert [(e["region"], e["action"]) for e in viewed["items"]] == [("ECE", "case.view")]
    assert "audit.read" in actions(client, auditor("ECE"), "&object_type=audit")
    # A desk member's reads may name a reprisal report: only the desk's auditors see them.
    assert actions(client, auditor("ECE"), "&object_type=desk_audit") == set()
    assert actions(client, auditor("ECE", desk=True), "&object_type=desk_audit") == {"audit.read"}

    # A case gone (erased) leaves entries of no known kind or region: not a grievance's.
    with app.app_context():
        db.session.execute(delete(CaseMessage))
        db.session.execute(delete(Case))
        db.session.commit()
    assert "case.view" not in actions(client, auditor("ECE"))
    assert "case.view" not in actions(client, auditor("ECE", desk=True))
    assert "case.view" in actions(client, auditor(desk=True))
