"""Stripe-style idempotency: the first response to a key is stored and replayed.

The stored row is written in the same transaction as the work it answers for, so a
key is either unused or fully done. The same key with a different body is refused (422).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import Invalid


def fingerprint(data: dict, digest: Callable[[str, str], str]) -> str:
    """A keyed digest of the request body, so the stored value reveals nothing."""
    return digest(json.dumps(data, sort_keys=True, default=str), "idempotency")


def replay(session: Session, model, endpoint: str, key: str, request_hash: str):
    """The stored `(status, body)` for this key, or None when the key is new."""
    table = model.__table__
    record = (
        session.connection()
        .execute(
            select(table.c.request_hash, table.c.status_code, table.c.response).where(
                table.c.endpoint == endpoint, table.c.key == key
            )
        )
        .first()
    )
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise Invalid("This Idempotency-Key was already used for a different request.")
    return record.status_code, record.response


def remember(
    session: Session, model, endpoint: str, key: str, request_hash: str, status: int, body: dict
) -> None:
    session.add(
        model(
            endpoint=endpoint, key=key, request_hash=request_hash, status_code=status, response=body
        )
    )
