"""Rotating the reprisal desk's key (issue 16, path 3): every report re-sealed to a new
key, the old key material gone and opening nothing, nothing lost, resumable."""

import base64
import json

import pytest
from sqlalchemy import select

from services.common.crypto import DecryptionError, associated_data, sealing
from services.common.db import utcnow
from services.grievance import desk as desk_module
from services.grievance import desk_rotation
from services.grievance.extensions import db
from services.grievance.models import (
    REPRISAL,
    AuditEntry,
    Case,
    CaseMessage,
    DeskKey,
    Evidence,
    ReviewerKey,
    StaffNote,
    Unlock,
)

from .conftest import PASSPHRASE, cms, desk_member, grievance, reprisal
from .test_reporting import jpeg_with_gps

ME, COLLEAGUE = "cms:user:7", "cms:user:8"


def sealed_parts(app) -> list[tuple[str, bytes, bytes]]:
    """(where, associated data, blob) of every sealed part of every reprisal report."""
    parts = []
    with app.app_context():
        for case in db.session.scalars(select(Case).where(Case.kind == REPRISAL)):
            rows = [("cases", c, case.id, getattr(case, c)) for c in ("report_enc", "contact_enc")]
            for model in (CaseMessage, StaffNote):
                for row in db.session.scalars(select(model).where(model.case_id == case.id)):
                    rows.append((model.__tablename__, "body_enc", row.id, row.body_enc))
            for item in db.session.scalars(select(Evidence).where(Evidence.case_id == case.id)):
                rows.append(("evidence", "content_enc", item.id, item.content_enc))
            parts += [
                (f"{t}.{c}:{i}", associated_data(t, c, i), blob)
                for t, c, i, blob in rows
                if blob is not None
            ]
    return sorted(parts)


def open_all(parts, keys: dict) -> dict[str, bytes]:
    opened = {}
    for where, aad, blob in parts:
        [key_id] = sealing.recipient_ids(blob) & keys.keys()
        opened[where] = sealing.unseal(blob, key_id, keys[key_id], aad)
    return opened


def held(app, reviewer=ME, passphrase=PASSPHRASE) -> dict:
    with app.app_context():
        return desk_module.held_keys(reviewer, passphrase)


def rotate(app, member=ME, passphrase=PASSPHRASE, every="1"):
    args = ["desk", "rotate-keys", member, "--yes", "--every", every, "--passphrase-stdin"]
    return app.test_cli_runner().invoke(args=args, input=passphrase + "\n")


def unlocked(client, subject="user:7") -> dict:
    answer = client.post(
        "/desk/unlock", json={"passphrase": PASSPHRASE}, headers=desk_member("ECE", subject=subject)
    )
    assert answer.status_code == 200, answer.get_json()
    return desk_member("ECE", subject=subject) | {"X-Desk-Unlock": answer.get_json()["token"]}


def reports_with_everything(client, desk) -> tuple[str, str]:
    """Three reports; the first with a contact, a photo, a message each way and a note."""
    photo = base64.b64encode(jpeg_with_gps()).decode()
    first = reprisal(contact={"name": "Canary Contact"}, evidence=[photo])
    code = client.post("/reprisals", json=first, headers=cms()).get_json()["code"]
    for n in (2, 3):
        body = reprisal(what_happened=f"Canary-Threat number {n}.")
        assert client.post("/reprisals", json=body, headers=cms()).status_code == 201
    me = desk_member("ECE") | {"X-Desk-Unlock": desk}
    cases = client.get("/cases?kind=reprisal", headers=me).get_json()["items"]
    case_id = next(
        c["id"]
        for c in cases
        if client.get(f"/cases/{c['id']}", headers=me).get_json()["contact_held"]
    )
    for action in (
        {"action": "message", "text": "¿Está a salvo?"},
        {"action": "note", "text": "N"},
    ):
        assert client.post(f"/cases/{case_id}/actions", json=action, headers=me).status_code == 200
    replied = client.post("/cases/reply", json={"code": code, "text": "Sí."}, headers=cms())
    assert replied.status_code == 200
    return code, case_id


def test_rotation_reseals_every_report_to_a_new_key_that_alone_opens_them(app, client, desk):
    added = client.post(
        "/desk/members",
        json={"member": COLLEAGUE, "passphrase": "second member's phrase"},
        headers=desk_member("ECE") | {"X-Desk-Unlock": desk},
    )
    assert added.status_code == 201
    code, case_id = reports_with_everything(client, desk)
    client.post("/grievances", json=grievance(), headers=cms())
    with app.app_context():
        [grievance_before] = db.session.scalars(
            select(Case.report_enc).where(Case.kind != REPRISAL)
        )
    old_keys, before = held(app), sealed_parts(app)
    plain = open_all(before, old_keys)
    assert len(plain) == 3 + 1 + 2 + 1 + 1  # reports, contact, messages, note, photo

    result = rotate(app, every="2")

    assert result.exit_code == 0, result.output
    assert "pass 1 (re-sealing): 2/3 reports, " in result.output  # progress every 2
    assert "pass 1 (re-sealing): 3/3 reports, 8 parts re-sealed" in result.output
    assert "pass 2 (checking nothing is left): 3/3 reports, 0 parts re-sealed" in result.output
    assert (
        "8 sealed parts re-sealed" in result.output and f"add again: {COLLEAGUE}" in result.output
    )
    new_keys = held(app)
    assert len(new_keys) == 1 and not new_keys.keys() & old_keys.keys()
    after = sealed_parts(app)
    assert open_all(after, new_keys) == plain  # every part opens with the new key
    for where, aad, blob in after:  # and none with the old key material
        assert not sealing.recipient_ids(blob) & old_keys.keys(), where
        for old_id, old_private in old_keys.items():
            for key_id in sealing.recipient_ids(blob):
                with pytest.raises(DecryptionError):
                    sealing.unseal(blob, key_id, old_private, aad)
            with pytest.raises(DecryptionError):
                sealing.unseal(blob, old_id, old_private, aad)
    with app.app_context():  # the old key material is gone from the database
        assert set(db.session.scalars(select(DeskKey.id))) == set(new_keys)
        assert set(db.session.scalars(select(ReviewerKey.desk_key_id))) == set(new_keys)
        assert list(db.session.scalars(select(ReviewerKey.reviewer))) == [ME]
        assert db.session.scalars(select(Unlock)).all() == []
        [grievance_after] = db.session.scalars(select(Case.report_enc).where(Case.kind != REPRISAL))
        actions = set(db.session.scalars(select(AuditEntry.action)))
    assert grievance_after == grievance_before  # envelope-sealed grievances are not touched
    assert {"desk.rotate_keys.begin", "desk.rotate_keys"} <= actions
    # The old unlock opens nothing; the colleague must be added again.
    stale = client.get(f"/cases/{case_id}", headers=desk_member("ECE") | {"X-Desk-Unlock": desk})
    assert stale.status_code == 423
    colleague = client.post(
        "/desk/unlock",
        json={"passphrase": "second member's phrase"},
        headers=desk_member("ECE", subject="user:8"),
    )
    assert colleague.status_code == 423
    # The reporter still reads the messages with the receipt code.
    seen = client.post("/cases/access", json={"code": code}, headers=cms()).get_json()
    assert [m["text"] for m in seen["messages"]] == ["¿Está a salvo?", "Sí."]
    # A report sent after the rotation opens with the new key, in the desk's screens too.
    late = reprisal(what_happened="Canary-Late: after the rotation.")
    assert client.post("/reprisals", json=late, headers=cms()).status_code == 201
    newest = [p for p in sealed_parts(app) if p not in after]
    assert b"Canary-Late" in b"".join(open_all(newest, new_keys).values())
    me = unlocked(client)
    texts = [
        client.get(f"/cases/{c['id']}", headers=me).get_json()["report"]["what_happened"]
        for c in client.get("/cases?kind=reprisal", headers=me).get_json()["items"]
    ]
    assert "Canary-Late: after the rotation." in texts and len(texts) == 4


def test_an_interrupted_rotation_resumes_with_the_same_key_and_loses_nothing(
    app, client, desk, monkeypatch
):
    reports_with_everything(client, desk)
    old_keys = held(app)
    plain = open_all(sealed_parts(app), old_keys)
    real, calls = desk_rotation._reseal_case, []

    def power_cut(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real(*args)

    monkeypatch.setattr(desk_rotation, "_reseal_case", power_cut)
    cut = rotate(app)
    assert isinstance(cut.exception, RuntimeError)
    monkeypatch.setattr(desk_rotation, "_reseal_case", real)
    both = held(app)  # the member holds the old key and the new one meanwhile
    [new_id] = both.keys() - old_keys.keys()
    with app.app_context():
        assert set(db.session.scalars(select(DeskKey.id).where(DeskKey.active))) == {new_id}
    # A report sent mid-rotation is sealed to the new key only; the old keys still open
    # the parts not yet re-sealed.
    mid = reprisal(what_happened="Canary-Mid: during the rotation.")
    assert client.post("/reprisals", json=mid, headers=cms()).status_code == 201
    assert open_all(sealed_parts(app), both)
    wrong = rotate(app, passphrase="not the passphrase at all")
    assert wrong.exit_code == 1 and "does not open" in wrong.output

    resumed = rotate(app)

    assert resumed.exit_code == 0, resumed.output
    assert f"finished: desk key {new_id}" in resumed.output
    new_keys = held(app)
    assert set(new_keys) == {new_id}
    opened = open_all(sealed_parts(app), new_keys)
    assert {k: v for k, v in opened.items() if k in plain} == plain
    assert b"Canary-Mid" in b"".join(opened.values())
    for _where, aad, blob in sealed_parts(app):
        for old_id, old_private in old_keys.items():
            with pytest.raises(DecryptionError):
                sealing.unseal(blob, old_id, old_private, aad)


def test_a_wrong_passphrase_or_a_key_the_member_lacks_rotates_nothing(app, client, desk):
    client.post("/reprisals", json=reprisal(), headers=cms())
    before = sealed_parts(app)
    wrong = rotate(app, passphrase="not the passphrase at all")
    assert wrong.exit_code == 1 and "does not open" in wrong.output
    with app.app_context():  # another key, not wrapped for the member
        db.session.add(DeskKey(public_key=sealing.new_key_pair()[1], created_at=utcnow()))
        db.session.commit()
    lacking = rotate(app)
    assert lacking.exit_code == 1 and "does not hold every desk key" in lacking.output
    assert sealed_parts(app) == before
    with app.app_context():
        assert all(db.session.scalars(select(DeskKey.active)))
    assert "--passphrase" not in json.dumps(
        [p.opts for p in app.cli.commands["desk"].commands["rotate-keys"].params]
    ).replace("--passphrase-stdin", "")
