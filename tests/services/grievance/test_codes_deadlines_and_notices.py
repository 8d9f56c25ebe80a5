"""What a reporter meets after sending: the receipt code accepted however it is typed
back, urgent reports acknowledged sooner, and a notice (never the reply) when the
secretariat answers a grievance."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from services.grievance import receipts
from services.grievance.cases import REPLY_WAITING, URGENT
from services.grievance.config import Config
from services.grievance.extensions import db
from services.grievance.models import Case, OutboxMessage

from .conftest import cms, desk_member, grievance, reprisal, staff

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.replace(" ", ""),  # without spaces
        lambda code: code.replace(" ", "-"),  # with dashes
        lambda code: code.replace(" ", " - ").lower(),  # dashes and spaces, lower case
        lambda code: f"  {code.replace(' ', chr(10))}\n",  # a copy of the wrapped groups
        lambda code: "\u200e" + code + "\u200f",  # bidirectional marks from an Arabic page
        lambda code: code.translate(ARABIC_INDIC),  # typed on an Arabic keyboard
        lambda code: code.translate(FULL_WIDTH),  # typed with a Chinese input method
    ],
    ids=["no-spaces", "dashes", "lower", "wrapped", "bidi-marks", "arabic-digits", "full-width"],
)
def test_the_code_is_accepted_however_it_is_typed_back(client, desk, typed):
    code = client.post("/reprisals", json=reprisal(), headers=cms()).get_json()["code"]
    opened = client.post("/cases/access", json={"code": typed(code)}, headers=cms())
    assert opened.status_code == 200, opened.get_json()
    assert opened.get_json()["kind"] == "reprisal"


def test_normalise_keeps_only_the_code_s_symbols_as_ascii_capitals():
    assert receipts.normalise("١٢٣٤٥-６７８９０ ab\u200f12²") == "1234567890AB12"
    assert receipts.normalise("12345 67890") == receipts.normalise("12345-67890")
    assert receipts.normalise("oIl-ｘｙｚ !?") == "011XYZ"  # look-alikes, full-width letters


def test_an_urgent_reprisal_report_is_due_for_acknowledgement_within_a_day(app, client, desk):
    client.post("/reprisals", json=reprisal(danger=True), headers=cms())
    client.post("/reprisals", json=reprisal(danger=False), headers=cms())
    client.post("/grievances", json=grievance(), headers=cms())
    with app.app_context():
        cases = db.session.scalars(select(Case)).all()
        due = {(c.kind, c.urgent): c.acknowledge_by - c.received_on for c in cases}
    assert due == {
        ("reprisal", True): timedelta(days=1),  # default 24 h: by the end of the next day
        ("reprisal", False): timedelta(days=7),
        ("grievance", False): timedelta(days=7),
    }
    items = client.get("/cases?kind=reprisal", headers=desk_member("ECE")).get_json()["items"]
    assert items[0]["urgent"] is True  # urgent first in the queue, with its shorter deadline
    assert items[0]["acknowledge_by"] < items[1]["acknowledge_by"]


def test_the_urgent_deadline_is_configurable(tmp_path):
    from datetime import date

    from services.grievance.cases import acknowledge_by

    env = {"CONVENE_DATA_DIR": str(tmp_path), "CONVENE_GENERATE_KEYS": "1"}
    assert Config.from_env(env).urgent_acknowledge_hours == 24
    hours = Config.from_env({**env, "GRIEVANCE_URGENT_ACKNOWLEDGE_HOURS": "48"})
    assert hours.urgent_acknowledge_hours == 48
    day = date(2027, 3, 1)

    class Hours:
        acknowledge_days = 7

        def __init__(self, hours):
            self.urgent_acknowledge_hours = hours

    assert acknowledge_by(day, True, Hours(48)) == date(2027, 3, 3)
    assert acknowledge_by(day, True, Hours(12)) == day  # less than a day: the same day
    assert acknowledge_by(day, False, Hours(12)) == date(2027, 3, 8)


class Mailer:
    """Stands in for the mailer's HTTP client: records what the worker posts."""

    def __init__(self):
        self.sent = []

    def post(self, path, json, headers):
        self.sent.append((path, json))
        return type("Answer", (), {"raise_for_status": lambda self: None})()


def answer(client, kind, headers, text="Canary-Reply: the documents are online now."):
    case_id = client.get(f"/cases?kind={kind}", headers=headers).get_json()["items"][0]["id"]
    sent = client.post(
        f"/cases/{case_id}/actions", json={"action": "message", "text": text}, headers=headers
    )
    assert sent.status_code == 200, sent.get_json()


def test_a_grievance_reporter_with_an_e_mail_is_told_a_reply_waits_and_nothing_more(
    app, client, desk
):
    from services.grievance.worker import make_step

    contact = {"name": "Canary Name", "email": "canary.reporter@example.org"}
    client.post(
        "/grievances", json=grievance(language="fr", contact=contact), headers=cms()
    ).get_json()
    answer(client, "grievance", staff("ECE"))
    with app.app_context():
        topics = [m.topic for m in db.session.scalars(select(OutboxMessage))]
    assert topics == [REPLY_WAITING]
    mailer, config = Mailer(), app.extensions["convene_config"]
    with app.app_context():
        assert make_step(mailer, config)() == 1
    [(path, body)] = mailer.sent
    assert path == "/messages" and body["template"] == REPLY_WAITING
    assert body["to"] == "canary.reporter@example.org" and body["language"] == "fr"
    assert body["context"] == {
        "follow_up_url": f"{config.public_url}/fr/reporting/follow-up/?region=ECE"
    }
    assert "Canary-Reply" not in repr(body) and "Canary Name" not in repr(body)


def test_no_notice_without_an_e_mail_nor_for_a_reprisal_report(app, client, desk):
    client.post("/grievances", json=grievance(contact={"phone": "+41 22 000"}), headers=cms())
    client.post(
        "/reprisals", json=reprisal(contact={"email": "watched@example.org"}), headers=cms()
    )
    answer(client, "reprisal", desk_member("ECE") | {"X-Desk-Unlock": desk})
    client.post("/grievances", json=grievance(region="ECA"), headers=cms())  # no contact
    answer(client, "grievance", staff("ECA"))
    with app.app_context():
        topics = [m.topic for m in db.session.scalars(select(OutboxMessage))]
    assert REPLY_WAITING not in topics and URGENT not in topics
    from services.grievance.worker import make_step

    answer(client, "grievance", staff("ECE"))  # a contact, but a phone number only
    mailer = Mailer()
    with app.app_context():
        make_step(mailer, app.extensions["convene_config"])()
    assert mailer.sent == []
