"""Anyone can check the draw: the input file is committed (SHA-256) beside the seed
before the run, handed to accredited observers with the hand-over audited, and the
command line run on it with the revealed seed gives the panel the service drew."""

import hashlib
import json

from services.registration.extensions import db
from services.registration.models import AuditEntry
from services.registration.selection.__main__ import main as cli
from services.registration.selection_runs import run_next

from .conftest import register
from .test_selection_api import ece, pool, setup_body  # noqa: F401 - the pool fixture


def test_observers_get_the_committed_file_and_the_cli_draws_the_same_panel(
    app,
    client,
    cms,
    pool,  # noqa: F811
    tmp_path,
):
    body = {**setup_body(client), "organisation_cap": 2}
    queued = client.post("/events/ev-sel/selections", json=body, headers=ece()).get_json()
    committed = queued["inputs_sha256"]
    assert len(committed) == 64 and committed != queued["seed_sha256"]

    # Someone registers and is found eligible after the commitment: the run ignores them.
    late = register(client, cms, event="ev-sel", email="late@example.org").get_json()["id"]
    client.post("/registrations/actions", json={"action": "eligible", "ids": [late]}, headers=ece())

    before = client.post(
        f"/selections/{queued['id']}/inputs", json={"observer": "Ada Observer, IOM"}, headers=ece()
    )
    assert before.status_code == 200 and before.get_json()["panel"] is None
    with app.app_context():
        assert run_next("w") == 1
    drawn = client.post(f"/selections/{queued['id']}/draw", headers=ece()).get_json()
    assert late not in drawn["result"]["probabilities"]

    handed = client.post(
        f"/selections/{queued['id']}/inputs",
        json={"observer": "Ben Observer, OHCHR"},
        headers=ece(),
    ).get_json()
    assert handed["inputs"] == before.get_json()["inputs"]
    path = tmp_path / handed["filename"]
    path.write_bytes(handed["inputs"].encode("utf-8"))
    report = client.get(f"/selections/{queued['id']}/report", headers=cms).get_json()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == report["inputs_sha256"] == committed
    assert hashlib.sha256(report["seed"].encode()).hexdigest() == report["seed_sha256"]
    text = path.read_text(encoding="utf-8")
    assert "Test Person" not in text and "Org " not in text  # no names, organisations as labels
    assert '"organisation": "org-1"' in text

    out = tmp_path / "result.json"
    assert cli(["--inputs", str(path), "--seed", report["seed"], "--out", str(out)]) == 0
    assert json.loads(out.read_text())["panel"] == drawn["result"]["panel"] == handed["panel"]

    listed = client.get(f"/selections/{queued['id']}", headers=ece()).get_json()["handovers"]
    assert [h["to"] for h in listed] == ["Ada Observer, IOM", "Ben Observer, OHCHR"]
    assert all(h["by"] == "cms:user:7" and h["at"] for h in listed)
    with app.app_context():
        assert (
            db.session.query(AuditEntry).filter_by(action="selection.inputs_handover").count() == 2
        )


def test_the_hand_over_needs_an_observer_and_the_callers_region(client, pool):  # noqa: F811
    from .conftest import secretariat

    queued = client.post("/events/ev-sel/selections", json=setup_body(client), headers=ece())
    url = f"/selections/{queued.get_json()['id']}/inputs"
    assert client.post(url, json={}, headers=ece()).status_code == 422
    refused = client.post(url, json={"observer": "Eve"}, headers=secretariat("ECA"))
    assert refused.status_code == 403
