"""Retention in the registration service: what its worker's sweep erases, and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from services.common import retention as common
from services.common.config import Env
from services.common.db import utcnow
from services.common.errors import ConfigError
from services.registration import retention
from services.registration.extensions import db
from services.registration.models import (
    AuditEntry,
    Event,
    IdempotencyRecord,
    OutboxMessage,
    Registration,
    TokenUse,
)

from .conftest import register

pytestmark = pytest.mark.postgres
KEY = "9b1f0c52-retention-test-key-0001"


def ended(app, days_ago: int) -> None:
    with app.app_context():
        event = db.session.get(Event, "ev-1")
        event.ends_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()


def sweep(app, **configured):
    with app.app_context():
        return common.run(db.session, retention.rules(configured))


def people(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(Registration.name_enc, Registration.email_index, Registration.status)
        ).all()


def test_personal_data_goes_180_days_after_the_event_and_the_counts_stay(app, client, cms, event):
    assert register(client, cms).status_code == 201
    assert register(client, cms, email="b@example.org", country="BR").status_code == 201
    ended(app, 179)
    assert sweep(app)["personal_after_event"] == 0
    assert all(name and index for name, index, _status in people(app))
    ended(app, 181)
    assert sweep(app)["personal_after_event"] == 2
    assert [(name, index, status) for name, index, status in people(app)] == [
        (None, None, "received"),
        (None, None, "received"),
    ]
    with app.app_context():
        countries = db.session.scalars(select(Registration.country).order_by("country")).all()
        assert countries == ["BR", "KE"]  # statistics keep their columns
        reasons = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "registration.retention_erased")
        ).all()
        assert len(reasons) == 2
    assert sweep(app)["personal_after_event"] == 0  # done once


def test_the_period_is_configured_per_rule(app, client, cms, event):
    assert register(client, cms).status_code == 201
    ended(app, 31)
    assert sweep(app, personal_after_event=30)["personal_after_event"] == 1
    with pytest.raises(ValueError, match="0 days or more"):
        retention.rules({"audit": -1})
    env = Env("REGISTRATION", {"REGISTRATION_RETENTION": '{"audit": 365}'})
    assert env.days("RETENTION") == {"audit": 365}
    with pytest.raises(ConfigError, match="JSON object of days"):
        Env("REGISTRATION", {"REGISTRATION_RETENTION": "365"}).days("RETENTION")


def test_relayed_outbox_answers_audit_and_spent_tokens_are_pruned_in_time(app, client, cms, event):
    assert register(client, cms, key=KEY).status_code == 201
    old = utcnow() - timedelta(days=8)
    with app.app_context():
        relayed = db.session.scalars(select(OutboxMessage)).all()
        for item in relayed:
            item.done_at = old
        db.session.add(
            OutboxMessage(topic="registration.received", object_id="failed", failed_at=old)
        )
        db.session.execute(IdempotencyRecord.__table__.update().values(created_at=old))
        db.session.add(AuditEntry(actor="system", action="a", object_type="t", object_id="1"))
        db.session.add(
            AuditEntry(actor="system", action="a", object_type="t", object_id="2", at=old)
        )
        db.session.commit()
        spent = db.session.scalar(select(func.count()).select_from(TokenUse))
        assert spent >= 1
        db.session.execute(TokenUse.__table__.update().values(expires_at=old))
        db.session.commit()
    counts = sweep(app, audit=7)
    assert counts["outbox"] == len(relayed) and counts["idempotency"] == 1
    assert counts["audit"] >= 1 and counts["token_uses"] == spent
    with app.app_context():
        left = db.session.scalars(select(OutboxMessage.object_id)).all()
        assert left == ["failed"]  # a failed one stays for review
        assert db.session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
        kept = set(db.session.scalars(select(AuditEntry.object_id)))
        assert "1" in kept and "2" not in kept
    # A request replayed after its stored answer is gone is handled as new: the address is
    # registered already, so nothing is added.
    assert register(client, cms, key=KEY).status_code != 201
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 1


def test_the_sweeper_runs_once_an_hour(app):
    calls = []

    def rule(cutoff):
        calls.append(cutoff)
        return 0

    with app.app_context():
        sweeper = common.Sweeper(db.session, lambda: [common.Rule("r", 1, rule, "r")])
        sweeper.maybe_run()
        sweeper.maybe_run()
        assert len(calls) == 1
        sweeper.last -= common.SWEEP_SECONDS + 1
        sweeper.maybe_run()
        assert len(calls) == 2
