"""Rotating the reprisal desk's key: a new key pair, every sealed part of every reprisal
report re-sealed to it, and the old private keys discarded.

Who keeps access. The member who rotates: their passphrase opens the old keys and wraps
the new one. Every other member holds the old key wrapped under a passphrase only they
know, so their copy cannot be renewed for them; it is deleted with the old key, and a
member who has unlocked adds them again (the desk screen's "add member", as for a new
member). This is the point of a rotation after a member leaves or a passphrase may be
known: nothing that opens the old key leads to the new one. Every unlock ends too.

Nothing is lost, and an interruption is resumable. The new key is committed first,
active and wrapped for the rotating member, with the old keys marked inactive (so new
reports are sealed to the new key only) but kept. Reports are then re-sealed in batches,
each batch one transaction; a part already sealed to the new key is skipped. A pass that
finds nothing left to re-seal ends the work, and only then, in one transaction, are the
old keys, their wrapped copies and every unlock deleted. Run again after an interruption,
the command finds the inactive keys and finishes with the same new key, as the same
member (the only one who holds it yet).

Each part is re-sealed whole: a fresh data key and nonce, to the new desk key and, where
the old value was sealed to the reporter's key too (messages), to that key again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from sqlalchemy import delete, select

from services.common.crypto import CryptoError, associated_data, sealing
from services.common.crypto import passphrase as passphrases  # `passphrase` is an argument
from services.common.db import utcnow
from services.common.errors import Conflict

from . import blobs
from .desk import held_keys, reviewer_aad
from .extensions import db
from .models import (
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

Progress = Callable[[int, int, int, int], None]  # (pass, reports done, of all, parts re-sealed)


def _quiet(*_progress) -> None:
    return None


class RotationError(Conflict):
    """The rotation cannot go on without losing a report; nothing has been discarded."""


def members_losing_access(member: str) -> list[str]:
    """Reviewers who hold a desk key now and will have to be added again."""
    reviewers = db.session.scalars(
        select(ReviewerKey.reviewer).where(ReviewerKey.reviewer != member)
    )
    return sorted(set(reviewers))


def rotate(member: str, passphrase: str, every: int = 100, progress: Progress = _quiet):
    """Rotate (or finish rotating) the desk's key as `member` (issuer:subject).

    Returns the new key's id, how many reports were checked and parts re-sealed, and who
    must be added again."""
    keys = held_keys(member, passphrase)
    desk_keys = list(db.session.scalars(select(DeskKey)))
    missing = [k.id for k in desk_keys if k.id not in keys]
    if missing:
        raise RotationError(
            f"{member} does not hold every desk key ({len(missing)} missing): what is sealed "
            "to the others would be lost. Rotate as a member who holds them all."
        )
    old = [k for k in desk_keys if not k.active]
    if old:  # a rotation was interrupted: finish it with the key it began
        active = [k for k in desk_keys if k.active]
        if len(active) != 1:
            raise RotationError("An unfinished rotation left no single new key; see the audit.")
        new, resumed = active[0], True
    else:
        new, private = _begin(member, passphrase, desk_keys)
        keys[new.id], old, resumed = private, desk_keys, False
    target, old_ids = sealing.Recipient(new.id, new.public_key), [k.id for k in old]
    resealed = checked = passes = 0
    while True:  # until a pass finds nothing: a report sent mid-pass may use an old key
        passes += 1
        checked, count = _pass(target, keys, max(every, 1), partial(progress, passes))
        resealed += count
        if count == 0:
            break
    losing = _discard(member, target.key_id, old_ids)
    return {
        "key_id": str(target.key_id),
        "resumed": resumed,
        "reports": checked,
        "resealed": resealed,
        "to_add_again": losing,
    }


def _audit(member: str, action: str, key_id) -> None:
    actor = f"cli:{member}"[:128]
    db.session.add(
        AuditEntry(
            at=utcnow(), actor=actor, action=action, object_type="desk_key", object_id=str(key_id)
        )
    )


def _begin(member: str, passphrase: str, desk_keys: list[DeskKey]) -> tuple[DeskKey, bytes]:
    """The new key, committed before any report is touched."""
    private, public = sealing.new_key_pair()
    key = DeskKey(public_key=public, created_at=utcnow(), active=True)
    db.session.add(key)
    db.session.flush()
    wrapped = passphrases.wrap(private, passphrase, reviewer_aad(member, key.id))
    db.session.add(ReviewerKey(reviewer=member, desk_key_id=key.id, wrapped=wrapped))
    for old in desk_keys:
        old.active = False
    _audit(member, "desk.rotate_keys.begin", key.id)
    db.session.commit()
    return key, private


def _pass(target, keys: dict[uuid.UUID, bytes], every: int, progress) -> tuple[int, int]:
    """One pass over every reprisal report; (reports, parts re-sealed)."""
    ids = list(db.session.scalars(select(Case.id).where(Case.kind == REPRISAL).order_by(Case.id)))
    resealed = 0
    for done, case_id in enumerate(ids, 1):
        case = db.session.get(Case, case_id)
        if case is not None:  # (erased meanwhile)
            resealed += _reseal_case(case, target, keys)
        if done % every == 0 or done == len(ids):
            db.session.commit()
            db.session.expunge_all()  # evidence can be large: hold one batch at a time
            progress(done, len(ids), resealed)
    db.session.commit()
    return len(ids), resealed


def _reseal_case(case: Case, target: sealing.Recipient, keys: dict[uuid.UUID, bytes]) -> int:
    """Re-seal the report's parts still sealed to an old key; how many."""

    def renewed(table: str, column: str, row_id, blob: bytes | None) -> bytes | None:
        if blob is None:
            return None
        ids = sealing.recipient_ids(blob)
        if ids - {case.id} == {target.key_id}:
            return None
        aad = associated_data(table, column, row_id)
        plain = _open(blob, ids, keys, aad, case.id)
        to = [target]
        if case.id in ids:
            to.append(sealing.Recipient(case.id, case.reporter_public_key))
        return sealing.seal(plain, to, aad)

    count = 0
    for column in ("report_enc", "contact_enc"):
        fresh = renewed("cases", column, case.id, getattr(case, column))
        if fresh is not None:
            setattr(case, column, fresh)
            count += 1
    for model in (CaseMessage, StaffNote):
        for row in db.session.scalars(select(model).where(model.case_id == case.id)):
            fresh = renewed(model.__tablename__, "body_enc", row.id, row.body_enc)
            if fresh is not None:
                row.body_enc, count = fresh, count + 1
    store = blobs.store()
    for item in db.session.scalars(select(Evidence).where(Evidence.case_id == case.id)):
        fresh = renewed("evidence", "content_enc", item.id, store.get(item))
        if fresh is not None:
            store.put(item, fresh)
            count += 1
    return count


def _open(blob: bytes, ids: set[uuid.UUID], keys: dict[uuid.UUID, bytes], aad: bytes, case_id):
    for key_id in ids & keys.keys():
        try:
            return sealing.unseal(blob, key_id, keys[key_id], aad)
        except CryptoError:
            continue
    raise RotationError(
        f"A sealed part of report {case_id} opens with none of the desk's keys; "
        "nothing has been discarded."
    )


def _discard(member: str, new_id: uuid.UUID, old_ids: list[uuid.UUID]) -> list[str]:
    """Delete the old keys, every wrapped copy of them and every unlock, in one go."""
    new_holders = set(
        db.session.scalars(select(ReviewerKey.reviewer).where(ReviewerKey.desk_key_id == new_id))
    )
    old_holders = set(
        db.session.scalars(select(ReviewerKey.reviewer).where(ReviewerKey.desk_key_id.in_(old_ids)))
    )
    db.session.execute(delete(ReviewerKey).where(ReviewerKey.desk_key_id.in_(old_ids)))
    db.session.execute(delete(Unlock))
    db.session.execute(delete(DeskKey).where(DeskKey.id.in_(old_ids)))
    _audit(member, "desk.rotate_keys", new_id)
    db.session.commit()
    return sorted(old_holders - new_holders)
