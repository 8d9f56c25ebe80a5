"""Issue 18: the secretariat's reads stay fast as an event's registrations grow. The
queue's page and the balance read what they show, whatever the number of registrations;
"criteria met" is stored and stays right; the export arrives in chunks, and whole."""

import csv
import io
from datetime import timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import event as sa_event
from sqlalchemy import select

from services.common.db import utcnow, uuid7
from services.registration.extensions import db
from services.registration.models import AuditEntry, Registration
from tests.support.registrations import load_registrations

from .conftest import register
from .test_review import act, ece
from .test_selfservice import token_for

STATUSES = ("received", "eligible", "selected", "waitlisted")


class Reads:
    """SQL statements sent and registrations loaded as ORM objects, while counting."""

    def __init__(self, app):
        self.app, self.statements, self.loaded = app, 0, 0

    def _statement(self, *_args):
        self.statements += 1

    def _loaded(self, *_args):
        self.loaded += 1

    def __enter__(self):
        with self.app.app_context():
            self.engine = db.engine
        sa_event.listen(self.engine, "before_cursor_execute", self._statement)
        sa_event.listen(Registration, "load", self._loaded)
        return self

    def __exit__(self, *exc):
        sa_event.remove(self.engine, "before_cursor_execute", self._statement)
        sa_event.remove(Registration, "load", self._loaded)


def reads(app, client, url: str) -> tuple[dict, int, int]:
    with Reads(app) as counted:
        response = client.get(url, headers=ece())
    assert response.status_code == 200, response.get_json()
    return response.get_json(), counted.statements, counted.loaded


def test_the_queue_page_and_the_balance_read_as_much_for_40_or_400(app, client, event):
    queue, balance = "/registrations?event=ev-1&limit=10", "/events/ev-1/balance"
    load_registrations(app, event, "consult", 40, statuses=STATUSES)
    small = [reads(app, client, queue), reads(app, client, balance)]
    load_registrations(app, event, "consult", 360, statuses=STATUSES)
    large = [reads(app, client, queue), reads(app, client, balance)]
    (page, statements, loaded), (_, balance_statements, balance_loaded) = large
    assert page["total"] == 400 and len(page["items"]) == 10
    assert page["counts"] == {status: 100 for status in STATUSES}
    assert loaded == 10  # the page, not the event
    assert statements == small[0][1] and balance_statements == small[1][1]
    assert balance_loaded == small[1][2] == 0  # counted in SQL, never loaded
    academia = large[1][0]["category"]["academia"]  # 1 in 5, each status 1 in 4
    assert academia == {"registered": 80, "pool": 60, "selected": 20}


def floor_speaker(client, cms, email="speaker@example.org") -> str:
    return register(
        client,
        cms,
        track="floor",
        email=email,
        category="civil_society",
        focal_point_name="Focal",
        focal_point_email="focal@example.org",
        statement="Expert.",
    ).get_json()["id"]


def met(client, value: bool) -> set[str]:
    url = f"/registrations?event=ev-1&criteria_met={str(value).lower()}"
    page = client.get(url, headers=ece()).get_json()
    assert all(item["criteria_met"] is value for item in page["items"])
    assert page["total"] == len(page["items"])
    return {item["id"] for item in page["items"]}


def test_criteria_met_follows_every_edit(app, client, cms, event):
    speaker = floor_speaker(client, cms)
    plain = register(client, cms, email="plain@example.org").get_json()["id"]
    assert (met(client, True), met(client, False)) == ({plain}, {speaker})
    act(client, speaker, "check_criteria", criteria={"category": True, "expertise": True})
    assert met(client, False) == {speaker}  # the focal point has not authorised yet
    token = token_for(app, speaker, "authorise")
    client.post("/consents/authorise/confirm", json={"token": token}, headers=cms)
    assert met(client, True) == {plain, speaker}
    act(client, speaker, "check_criteria", criteria={"expertise": False})
    assert met(client, False) == {speaker}


def test_the_migration_stores_criteria_met_for_registrations_already_there(app, event):
    def speaker(**fields) -> Registration:
        reg = Registration(id=uuid7(), event_key=event, track_key="floor", kind="floor_speaker")
        for name, value in {"country": "KE", **fields}.items():
            setattr(reg, name, value)
        return reg

    checked = {"category": True, "expertise": True}
    with app.app_context():
        regs = {
            "ready": speaker(criteria=checked, authorised_at=utcnow() - timedelta(hours=1)),
            "unauthorised": speaker(criteria=checked),
            "unchecked": speaker(authorised_at=utcnow(), criteria={"category": True}),
            "consultation": speaker(kind="consultation", track_key="consult"),
        }
        db.session.add_all(regs.values())
        db.session.commit()
        ids = {name: reg.id for name, reg in regs.items()}
        db.session.remove()
        downgrade(revision="a18d0e1e7701")
        upgrade()
        stored = dict(db.session.execute(select(Registration.id, Registration.criteria_met)).all())
    assert {name: stored[rid] for name, rid in ids.items()} == {
        "ready": True,
        "unauthorised": False,
        "unchecked": False,
        "consultation": True,
    }


def test_the_export_arrives_in_chunks_and_whole(app, client, event):
    load_registrations(app, event, "consult", 450, statuses=("selected", "confirmed", "eligible"))
    response = client.get("/registrations/export?event=ev-1", headers=ece(), buffered=False)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.content_length is None  # streamed: no length known up front
    chunks = list(response.response)
    assert len(chunks) >= 3
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode(), newline="")))
    assert len(rows) == 300 and {r["status"] for r in rows} == {"selected", "confirmed"}
    listed = [r for r in rows if r["name"]]
    assert len(listed) == 150 and all(r["organisation"].startswith("Network") for r in listed)
    assert sum(1 for r in rows if r["email"]) == 150
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registration.export")
        ).one()
    assert (entry.object_id, entry.reason) == ("ev-1", "300 rows")


def test_an_abandoned_export_leaves_the_service_answering(app, client, event):
    load_registrations(app, event, "consult", 450)
    response = client.get("/registrations/export?event=ev-1", headers=ece(), buffered=False)
    next(iter(response.response))  # the header, then the reader goes away
    response.close()
    page = client.get("/registrations?event=ev-1&limit=1", headers=ece()).get_json()
    assert page["total"] == 450
