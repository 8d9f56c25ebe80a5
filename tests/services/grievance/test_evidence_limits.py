"""Evidence that would exhaust the service (issue 17, section 4): a 40-megapixel PNG of
one colour, a decode that goes over its limits, and reports as large as the form
promises (5 files of 10 MB), but no larger."""

import base64
import json

import pytest

from services.common.sandbox import Limits, MiB
from services.grievance import evidence
from tests.support.bombs import k8s_memory_limit, peak_memory, png_bomb, small_png

from .conftest import cms, grievance

SERVICE_LIMIT = k8s_memory_limit("grievance")  # MiB, infra/k8s/base/services.yaml


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


def ten_megabytes(n: int) -> bytes:
    """A PDF-looking file of exactly MAX_BYTES: stored as it is, never decoded."""
    return b"%PDF-1.7\n" + bytes([n]) * (evidence.MAX_BYTES - 9)


def test_a_png_bomb_is_refused_from_its_header_before_anything_is_decoded(client):
    bomb = png_bomb()
    assert len(bomb) < 200 * 1024  # 130 KB on the wire, 40 megapixels
    refused = client.post("/grievances", json=grievance(evidence=[encoded(bomb)]), headers=cms())
    assert refused.status_code == 422
    assert refused.get_json()["message"] == evidence.TOO_MANY_PIXELS


def test_the_png_bomb_costs_the_service_process_almost_nothing():
    """In a fresh interpreter: what the service does with the bomb, and the peak."""
    figures = peak_memory(
        """
try:
    accept(bomb)
except Invalid as exc:
    result["refused"] = exc.message
""",
        setup="""
from services.common.errors import Invalid
from services.grievance.evidence import accept
from tests.support.bombs import png_bomb
bomb = png_bomb()
""",
    )
    print(f"png bomb: {figures}")
    assert figures["refused"] == evidence.TOO_MANY_PIXELS
    assert figures["peak"] < SERVICE_LIMIT
    assert figures["peak"] - figures["baseline"] < 16  # MiB: only the header was read
    assert figures["children"] == 0  # not even a child was needed


def test_a_photo_is_redrawn_in_a_child_under_limits_and_a_killed_decode_is_a_clear_422(
    client, monkeypatch
):
    photo = encoded(small_png())
    sent = client.post("/grievances", json=grievance(evidence=[photo]), headers=cms())
    assert sent.status_code == 201, sent.get_json()
    # The same photo with too little memory for the child to even load Pillow: killed.
    starved = Limits(memory=24 * MiB, cpu_seconds=5, wall_seconds=20, output_bytes=MiB)
    monkeypatch.setattr(evidence, "REDRAW_LIMITS", starved)
    refused = client.post("/grievances", json=grievance(evidence=[photo]), headers=cms())
    assert refused.status_code == 422
    assert refused.get_json()["message"] == evidence.TOO_DEMANDING


def test_a_picture_over_12_megapixels_is_refused_even_if_small(client):
    wide = small_png(4000, 3001)
    refused = client.post("/grievances", json=grievance(evidence=[encoded(wide)]), headers=cms())
    assert refused.status_code == 422
    assert refused.get_json()["message"] == evidence.TOO_MANY_PIXELS
    fits = small_png(4000, 3000)
    sent = client.post("/grievances", json=grievance(evidence=[encoded(fits)]), headers=cms())
    assert sent.status_code == 201, sent.get_json()


def test_a_report_with_five_files_of_ten_megabytes_is_accepted(client):
    """The 1 MiB every other endpoint keeps would refuse anything over about 750 KB."""
    body = json.dumps(grievance(evidence=[encoded(ten_megabytes(n)) for n in range(5)]))
    assert len(body) > 66 * MiB and len(body) <= evidence.MAX_BODY
    sent = client.post("/grievances", data=body, content_type="application/json", headers=cms())
    assert sent.status_code == 201, sent.get_json()
    more = client.post(
        "/cases/evidence",
        json={"code": sent.get_json()["code"], "evidence": [encoded(ten_megabytes(7))] * 5},
        headers=cms(),
    )
    assert more.status_code == 200 and more.get_json()["evidence"] == 10


def test_more_than_the_form_promises_is_refused_with_the_one_error_payload(client):
    too_big = json.dumps(grievance(evidence=[encoded(ten_megabytes(1) + b"x")]))
    refused = client.post(
        "/grievances", data=too_big, content_type="application/json", headers=cms()
    )
    assert refused.status_code == 422 and "larger than 10 MB" in json.dumps(refused.get_json())
    body = b"x" * (evidence.MAX_BODY + 1)
    over = client.post("/reprisals", data=body, content_type="application/json", headers=cms())
    assert over.status_code == 413 and set(over.get_json()) == {"code", "status", "message"}
    six = [encoded(b"%PDF-1.7\n small")] * 6
    assert (
        client.post("/grievances", json=grievance(evidence=six), headers=cms()).status_code == 422
    )
    # Every other endpoint keeps 1 MiB.
    big_reply = {"code": "1" * 25, "text": "x" * (MiB + 1)}
    assert client.post("/cases/reply", json=big_reply, headers=cms()).status_code == 413


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_report_as_large_as_the_form_promises_fits_the_service_memory(database_url):
    """The whole request in a fresh interpreter: 70 MB of JSON parsed, decoded, sealed."""
    figures = peak_memory(
        """
sent = client.post("/grievances", data=body, content_type="application/json", headers=cms())
result["status"] = sent.status_code
""",
        setup=f"""
import base64, json, secrets, tempfile
from pathlib import Path
from services.common.config import CryptoConfig
from services.common.crypto import LocalKeyring
from services.grievance import create_app
from services.grievance.config import Config
from tests.services.conftest import build_app, token_keys
from tests.services.grievance.conftest import cms, grievance
from tests.services.grievance.test_evidence_limits import encoded, ten_megabytes
folder = Path(tempfile.mkdtemp())
LocalKeyring.add_key(folder / "keys")
config = Config(
    database_url={database_url!r},
    crypto=CryptoConfig(keyring="local", key_dir=folder / "keys",
                        blind_index_key=secrets.token_bytes(32)),
    tokens=token_keys("grievance"),
    mailer_url="http://127.0.0.1:9",
    receipt_pepper=secrets.token_hex(32),
)
client = build_app(create_app, config).test_client()
body = json.dumps(grievance(evidence=[encoded(ten_megabytes(n)) for n in range(5)])).encode()
""",
    )
    print(f"largest report: {figures}")
    assert figures["status"] == 201
    assert figures["peak"] < SERVICE_LIMIT


def test_large_reports_take_turns_and_one_that_waits_too_long_is_told_to_come_back(app, client):
    """Two 67 MB reports at once in one pod would go over its memory: one at a time."""
    body = json.dumps(grievance(evidence=[encoded(ten_megabytes(3))]))
    gate = app.extensions["grievance_body_gate"]
    held = gate.enter()  # another process of the pod is reading a large report
    try:
        busy = client.post("/grievances", data=body, content_type="application/json", headers=cms())
        small = client.post("/grievances", json=grievance(), headers=cms())
    finally:
        gate.leave(held)
    assert busy.status_code == 503 and "send yours again" in busy.get_json()["message"]
    assert small.status_code == 201  # small bodies never wait
    sent = client.post("/grievances", data=body, content_type="application/json", headers=cms())
    assert sent.status_code == 201
    again = gate.enter()  # and the slot was given back
    assert again is not None
    gate.leave(again)
