"""`outbox reconcile`: what was relayed to the mailer and never queued there, or failed."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import select

from services.common.db import utcnow
from services.mailer.extensions import db as mailer_db
from services.mailer.models import Message
from services.registration import cli, reconcile
from services.registration.extensions import db
from services.registration.models import OutboxMessage
from services.registration.services import outbox_row
from services.registration.worker import make_step

from .conftest import register
from .test_relay import mailer, mailer_client  # noqa: F401 - the mailer fixture


def test_a_confirmation_that_never_reached_the_mailer_is_reported(
    app,
    client,
    cms,
    event,
    mailer,  # noqa: F811
):
    ids = [register(client, cms, email=f"p{n}@example.org").get_json()["id"] for n in range(3)]
    with app.app_context(), mailer_client(mailer) as http:
        assert make_step(http)() == 3
        # A crash between "sent" and the mailer's commit would look like this: relayed
        # here, never queued there.
        lost = OutboxMessage(**outbox_row("registration.receipt", ids[0]), done_at=utcnow())
        db.session.add(lost)
        db.session.commit()
        lost_id = str(lost.id)
    with mailer.app_context():
        first = mailer_db.session.scalars(select(Message)).first()
        first.failed_at = utcnow()
        mailer_db.session.commit()
    with app.app_context(), mailer_client(mailer) as http:
        found = reconcile.reconcile(http)
    assert found["relayed"] == 4
    assert found["counts"] == {"queued": 2, "failed": 1, "missing": 1}
    assert found["missing"] == [(lost_id, "registration.receipt")]
    assert [topic for _id, topic in found["failed"]] == ["registration.receipt"]

    @contextlib.contextmanager
    def to_the_mailer(*_args, **_kwargs):
        with mailer_client(mailer) as http:
            yield http

    runner = app.test_cli_runner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "service_client", to_the_mailer)
        result = runner.invoke(args=["outbox", "reconcile"])
    assert result.exit_code == 1
    assert "relayed 4: failed 1, missing 1, queued 2" in result.output
    assert f"missing {lost_id} registration.receipt" in result.output
