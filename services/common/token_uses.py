"""Each service token changes something once: the ids of tokens spent on calls that
change state are kept until the tokens expire, and a second use is refused.

A token copied from a request (a proxy's log, a packet capture on the private network)
is then good for reading, for the rest of its minute at most, never for acting twice.
The row is written in its own short transaction, before the call's own work, in the
service's database, so every process and replica of the service sees it. It is kept until
the end of the (UTC) day after the token expires: a stored time of day would tell when a
report was relayed (the reporting side stores dates only).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import String, delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .auth import AuthError, Claims
from .db import UTCDateTime

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRUNE_ONE_IN = 200  # spent ids past their expiry are deleted now and then


class TokenUseMixin:
    """A spent token id (a random 128-bit value, not personal data) until it expires."""

    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def spend(engine, model, claims: Claims) -> None:
    """Records the token's id; refuses (AuthError) an id already spent."""
    if not claims.token_id or len(claims.token_id) > 64:
        raise AuthError("the service token is invalid")
    table = model.__table__
    expired = datetime.fromtimestamp(claims.expires, UTC) + timedelta(seconds=5)
    expires = datetime.combine(expired.date() + timedelta(days=1), time(), UTC)
    try:
        with engine.begin() as connection:
            connection.execute(insert(table).values(token_id=claims.token_id, expires_at=expires))
            if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 - not a secret
                connection.execute(delete(table).where(table.c.expires_at < datetime.now(UTC)))
    except IntegrityError as exc:
        raise AuthError("the service token was already used") from exc
