"""The audit trail read by an auditor (issue 18): the role is needed, filters work, a
region-scoped auditor sees only their regions, every read is itself in the trail, and a
registrant sees when the secretariat opened their record and why."""

import pytest

from ..conftest import bearer
from .conftest import event_settings, register, secretariat
from .test_selfservice import token_for


def auditor(*regions, user="9"):
    return bearer("registration", subject=f"user:{user}", roles=["auditor"], regions=regions)


@pytest.fixture
def opened(client, cms, event):
    """One ECE registration opened by the secretariat with a reason, one ECA one not."""
    client.put("/events/ev-2", json=event_settings(region="ECA"), headers=cms)
    ece = register(client, cms).get_json()["id"]
    register(client, cms, event="ev-2", email="other@example.org")
    reason = "eligibility check"
    detail = client.get(f"/registrations/{ece}?reason={reason}", headers=secretariat("ECE"))
    assert detail.status_code == 200
    return ece


def test_only_an_auditor_reads_the_trail(client, opened):
    assert client.get("/audit", headers=secretariat("ECE")).status_code == 403
    assert client.get("/audit").status_code == 401
    assert client.get("/audit", headers=auditor()).status_code == 200


def test_filters_and_the_auditors_own_read(client, opened):
    page = client.get(
        f"/audit?action=registration.decrypt&object_type=registration&object_id={opened}",
        headers=auditor(),
    ).get_json()
    assert page["total"] == 1
    [entry] = page["items"]
    assert (entry["actor"], entry["reason"], entry["region"]) == (
        "cms:user:7",
        "eligibility check",
        "ECE",
    )
    past = client.get("/audit?actor=cms:user:7&from=2000-01-01&to=2000-12-31", headers=auditor())
    assert past.get_json()["total"] == 0
    today = client.get("/audit?actor=cms:user:7&from=2000-01-01", headers=auditor()).get_json()
    assert [e["action"] for e in today["items"]] == ["registration.decrypt"]
    creations = client.get("/audit?action=registration.create&limit=1", headers=auditor())
    assert creations.get_json()["total"] == 2 and len(creations.get_json()["items"]) == 1
    reads = client.get("/audit?action=audit.read&actor=cms:user:9", headers=auditor()).get_json()
    # The four reads before this one, each with its filters as the reason.
    assert reads["total"] == 4
    assert f"object_id={opened}" in reads["items"][-1]["reason"]


def test_a_regional_auditor_sees_only_their_regions(client, opened):
    ece = client.get("/audit?action=registration.create", headers=auditor("ECE")).get_json()
    assert [e["region"] for e in ece["items"]] == ["ECE"]
    eca = client.get("/audit?object_type=registration", headers=auditor("ECA")).get_json()
    assert {e["region"] for e in eca["items"]} == {"ECA"}
    assert opened not in {e["object_id"] for e in eca["items"]}
    assert client.get("/audit?region=ECE", headers=auditor("ECA")).status_code == 403
    everyone = client.get("/audit?region=ECA", headers=auditor()).get_json()
    assert everyone["total"] >= 2 and {e["region"] for e in everyone["items"]} == {"ECA"}


def test_the_registrant_sees_when_their_record_was_opened(app, client, cms, opened):
    token = token_for(app, opened)
    mine = client.post("/self/view", json={"token": token}, headers=cms).get_json()
    [opening] = mine["openings"]
    assert opening["reason"] == "eligibility check" and opening["actor"] == "cms:user:7"
