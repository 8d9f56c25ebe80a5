"""The reprisal desk's keys: created by its first member, shared with the next by a
member who has unlocked them, unlocked for a limited time with a passphrase.

An unlock stores the desk's private keys encrypted under a fresh random secret and
hands that secret to the caller (the reviewer's CMS session) inside a token; the
database keeps only what the secret opens. So the service, its database, its
configuration and its keyring together cannot read a reprisal report: someone must
unlock, and the unlock expires.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from services.common.auth import Claims
from services.common.crypto import CryptoError, sealing
from services.common.crypto import passphrase as passphrases  # `passphrase` is an argument
from services.common.crypto.sealing import Recipient, new_key_pair
from services.common.db import utcnow
from services.common.errors import Conflict, ConveneError, DomainError, Invalid

from .extensions import db
from .models import AuditEntry, DeskKey, ReviewerKey, Unlock

DESK_ROLE = "reprisal_desk"
MIN_PASSPHRASE = 12
UNLOCK_AAD = b"unlock"


class Locked(DomainError):
    status = 423


class WrongPassphrase(Locked):
    """The passphrase does not open the desk keys the reviewer holds."""


def reviewer_of(claims: Claims) -> str:
    return f"{claims.issuer}:{claims.subject}"


def audit(claims: Claims, action: str, object_type: str, object_id) -> None:
    db.session.add(
        AuditEntry(
            at=utcnow(),
            actor=reviewer_of(claims),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
        )
    )


def recipients() -> list[Recipient]:
    keys = db.session.scalars(select(DeskKey).where(DeskKey.active.is_(True)))
    return [Recipient(k.id, k.public_key) for k in keys]


def reviewer_aad(reviewer: str, key_id) -> bytes:
    """What a desk key wrapped for `reviewer` is bound to."""
    return f"reviewer_keys|{reviewer}|{key_id}".encode()


def _strong(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise Invalid(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")


def create(claims: Claims, passphrase: str) -> dict:
    """The desk's first key pair, its private half wrapped for the caller."""
    _strong(passphrase)
    if recipients():
        raise Conflict("The desk has a key already; ask a member to add you.")
    private, public = new_key_pair()
    key = DeskKey(public_key=public, created_at=utcnow(), active=True)
    db.session.add(key)
    db.session.flush()
    reviewer = reviewer_of(claims)
    wrapped = passphrases.wrap(private, passphrase, reviewer_aad(reviewer, key.id))
    db.session.add(ReviewerKey(reviewer=reviewer, desk_key_id=key.id, wrapped=wrapped))
    audit(claims, "desk.create", "desk_key", key.id)
    db.session.commit()
    return {"key_id": str(key.id)}


def add_member(claims: Claims, token: str, member: str, passphrase: str) -> dict:
    """Wrap the unlocked desk keys for another reviewer (`member`: issuer:subject)."""
    _strong(passphrase)
    keys = unlocked(claims, token)
    for key_id, private in keys.items():
        db.session.execute(
            delete(ReviewerKey).where(
                ReviewerKey.reviewer == member, ReviewerKey.desk_key_id == key_id
            )
        )
        wrapped = passphrases.wrap(private, passphrase, reviewer_aad(member, key_id))
        db.session.add(ReviewerKey(reviewer=member, desk_key_id=key_id, wrapped=wrapped))
    audit(claims, "desk.add_member", "reviewer", member)
    db.session.commit()
    return {"member": member, "keys": len(keys)}


def held_keys(reviewer: str, passphrase: str) -> dict[uuid.UUID, bytes]:
    """Every desk key `reviewer` holds, opened with their passphrase."""
    held = list(db.session.scalars(select(ReviewerKey).where(ReviewerKey.reviewer == reviewer)))
    if not held:
        raise Locked("You hold no key of the reprisal desk.")
    keys = {}
    for row in held:
        try:
            keys[row.desk_key_id] = passphrases.unwrap(
                row.wrapped, passphrase, reviewer_aad(reviewer, row.desk_key_id)
            )
        except ConveneError:
            raise WrongPassphrase("That passphrase does not open the desk's keys.") from None
    return keys


def unlock(claims: Claims, passphrase: str) -> dict:
    """The caller's desk keys, usable for `unlock_minutes` through the returned token."""
    reviewer = reviewer_of(claims)
    try:
        keys = held_keys(reviewer, passphrase)
    except WrongPassphrase:
        audit(claims, "desk.unlock_refused", "reviewer", reviewer)
        db.session.commit()
        raise
    secret = sealing.new_secret()
    minutes = current_app.extensions["convene_config"].unlock_minutes
    plain = json.dumps({str(key_id): key.hex() for key_id, key in keys.items()}).encode()
    row = Unlock(
        reviewer=reviewer,
        key_enc=sealing.seal_under(secret, plain, UNLOCK_AAD),
        expires_at=utcnow() + timedelta(minutes=minutes),
    )
    db.session.add(row)
    audit(claims, "desk.unlock", "reviewer", reviewer)
    db.session.commit()
    return {"token": f"{row.id}.{secret.hex()}", "expires_at": row.expires_at.isoformat()}


def unlocked(claims: Claims, token: str | None) -> dict[uuid.UUID, bytes]:
    """The desk keys an unlock token opens for the caller; Locked when it cannot."""
    try:
        unlock_id, secret = (token or "").split(".", 1)
        row = db.session.get(Unlock, uuid.UUID(unlock_id))
        key = bytes.fromhex(secret)
    except ValueError:
        row = None
    if row is None or row.reviewer != reviewer_of(claims) or row.expires_at <= utcnow():
        raise Locked("Unlock the reprisal desk with your passphrase first.")
    try:
        plain = sealing.open_under(key, row.key_enc, UNLOCK_AAD)
    except CryptoError:
        raise Locked("Unlock the reprisal desk with your passphrase first.") from None
    return {uuid.UUID(k): bytes.fromhex(v) for k, v in json.loads(plain).items()}


def lock(claims: Claims, token: str | None) -> None:
    """Forget one unlock (its token), or without a token every unlock of the caller (when
    they sign out: the CMS does not hold their token)."""
    mine = Unlock.reviewer == reviewer_of(claims)
    if not token:
        db.session.execute(delete(Unlock).where(mine))
    else:
        try:
            unlock_id = uuid.UUID(token.split(".", 1)[0])
        except ValueError:
            return
        db.session.execute(delete(Unlock).where(Unlock.id == unlock_id, mine))
    audit(claims, "desk.lock", "reviewer", reviewer_of(claims))
    db.session.commit()


def expire() -> int:
    """Remove unlocks past their time (worker)."""
    done = db.session.execute(delete(Unlock).where(Unlock.expires_at <= utcnow())).rowcount
    db.session.commit()
    return done
