"""What the CMS's outreach screens read and drive: lists with counts, column mapping,
templates and campaigns listed, campaigns from a template, shared send-rate limits."""

import io
import threading
import time

from sqlalchemy import select

from services.mailer.extensions import db
from services.mailer.models import Contact
from services.mailer.senders import SMTPSender
from services.mailer.throttle import SharedRateLimiter

from .test_campaigns import VERSIONS, campaign, people
from .test_outreach import make_list, outreach, run_worker, upload

MEMBER_FILE = (
    b"Courriel,Nom,Organisation,Pays\n"
    b"amina@example.org,Amina A,Net A,KE\n"
    b"not-an-address,Bad,Net A,KE\n"
    b"jo@example.org,Jo,Net A,DE\n"
)


def test_a_file_without_mapping_waits_with_its_columns_and_a_suggestion(app, client):
    make_list(client)
    response = client.post(
        "/imports",
        data={
            "list": "ece",
            "source_kind": "regional_economic_community",
            "source_name": "EAC",
            "consent_basis": "members' consent records",
            "file": (io.BytesIO(MEMBER_FILE), "members.csv"),
        },
        headers=outreach(),
        content_type="multipart/form-data",
    )
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    assert job["status"] == "mapping"
    assert job["columns"] == ["Courriel", "Nom", "Organisation", "Pays"]
    assert job["suggested"] == {
        "email": "Courriel",
        "name": "Nom",
        "organisation": "Organisation",
        "country": "Pays",
    }
    run_worker(app)  # nothing is imported before the mapping is chosen
    assert client.get(f"/imports/{job['id']}", headers=outreach()).get_json()["processed"] == 0

    wrong = client.put(
        f"/imports/{job['id']}/mapping", json={"mapping": {"email": "Email"}}, headers=outreach()
    )
    assert wrong.status_code == 422
    assert "no column named Email" in wrong.get_json()["message"]

    started = client.put(
        f"/imports/{job['id']}/mapping", json={"mapping": job["suggested"]}, headers=outreach()
    )
    assert started.status_code == 200
    assert started.get_json()["status"] == "queued"
    run_worker(app)
    done = client.get(f"/imports/{job['id']}", headers=outreach()).get_json()
    assert (done["status"], done["counts"]) == ("done", {"new": 2, "invalid": 1})
    again = client.put(
        f"/imports/{job['id']}/mapping", json={"mapping": job["suggested"]}, headers=outreach()
    )
    assert again.status_code == 409

    listed = client.get("/imports?list=ece", headers=outreach()).get_json()
    assert [(j["id"], j["list"], j["source_name"]) for j in listed] == [(job["id"], "ece", "EAC")]
    with app.app_context():  # contacts supplied for a region's list belong to its region
        regions = db.session.scalars(select(Contact.region)).all()
    assert regions == ["ECE", "ECE"]
    lists = client.get("/lists", headers=outreach()).get_json()
    assert lists == [
        {
            "key": "ece",
            "name": "ece outreach",
            "names": {},
            "region": "ECE",
            "counts": {"subscribed": 2},
        }
    ]


def test_unreadable_files_are_refused_with_a_reason(client):
    make_list(client)
    response = upload(client, b"\x00\x01PK\x03garbage", "members.xlsx", "X")
    assert response.status_code == 422
    assert "cannot be read" in response.get_json()["message"]


def test_templates_and_campaigns_are_listed_and_a_campaign_can_use_a_template(app, client):
    people(app, client)
    saved = client.put(
        "/templates/june-update",
        json={"name": "June update", "versions": VERSIONS},
        headers=outreach(),
    )
    assert saved.status_code == 200
    templates = client.get("/templates", headers=outreach()).get_json()
    assert [(t["key"], sorted(t["versions"])) for t in templates] == [("june-update", ["en", "fr"])]
    unknown = campaign(client, versions={}, template="nope")
    assert unknown.status_code == 422
    created = campaign(client, versions={}, template="june-update", max_rate=5)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert sorted(body["versions"]) == ["en", "fr"] and body["max_rate"] == 5
    listed = client.get("/campaigns", headers=outreach()).get_json()
    assert [(c["id"], c["status"], c["progress"]["remaining"]) for c in listed] == [
        (body["id"], "draft", 0)
    ]


def test_a_send_rate_is_shared_by_every_worker(app):
    """Two workers (threads with their own limiters) together keep to one rate."""
    rate, per_worker = 20.0, 30
    stamps: list[float] = []
    with app.app_context():
        engine = db.engine

        def work():
            limiter = SharedRateLimiter(engine, "all", rate)
            for _ in range(per_worker):
                limiter.wait()
                stamps.append(time.monotonic())

        workers = [threading.Thread(target=work) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    stamps.sort()
    elapsed = stamps[-1] - stamps[0]
    # 60 sends at 20/s need at least 59/20 s; per-process limits would take half of that.
    assert elapsed >= (2 * per_worker - 1) / rate * 0.9, elapsed
    busiest = max(sum(1 for s in stamps if t <= s < t + 1.0) for t in stamps)
    assert busiest <= rate + 1, busiest


def test_a_campaign_rate_limit_spaces_its_sends(app, client, smtp_sink):
    people(app, client)
    body = campaign(client, max_rate=4).get_json()
    client.post(f"/campaigns/{body['id']}/actions", json={"action": "schedule"}, headers=outreach())
    sender = SMTPSender("127.0.0.1", smtp_sink.port, "no-reply@convene.localhost")
    started = time.monotonic()
    run_worker(app, sender)
    elapsed = time.monotonic() - started
    assert len(smtp_sink.messages) == 3
    assert elapsed >= 2 / 4 * 0.9, elapsed  # three sends at 4/s span at least half a second
    assert client.get(f"/campaigns/{body['id']}", headers=outreach()).get_json()["status"] == (
        "sent"
    )
