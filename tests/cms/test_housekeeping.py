"""The CMS's retention: expired sessions and old sign-in records go on a sign-in."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from wagtail_convene.staff import housekeeping

pytestmark = pytest.mark.django_db


def old_records():
    expired = SessionStore()
    expired["x"] = 1
    expired.set_expiry(-60)
    expired.save()
    live = SessionStore()
    live["x"] = 1
    live.save()
    long_ago = timezone.now() - timedelta(days=31)
    for model, extra in ((AccessLog, {}), (AccessAttempt, {"failures_since_start": 3})):
        row = model.objects.create(
            user_agent="UA", ip_address="203.0.113.9", username="someone", **extra
        )
        model.objects.filter(pk=row.pk).update(attempt_time=long_ago)
    return expired.session_key, live.session_key


def test_a_sign_in_sweeps_expired_sessions_and_old_sign_in_records(client, monkeypatch):
    monkeypatch.setattr(housekeeping, "_last", [])
    expired, live = old_records()
    user = get_user_model().objects.create_user("keeper", password="x")
    client.force_login(user)  # sends user_logged_in
    keys = set(Session.objects.values_list("session_key", flat=True))
    assert expired not in keys and live in keys
    assert not AccessLog.objects.filter(ip_address="203.0.113.9").exists()
    assert not AccessAttempt.objects.exists()


def test_the_daily_command_does_the_same(capsys):
    old_records()
    call_command("convene_housekeeping")
    assert "sessions=1 sign_ins=1 failures=0 failure_counts=1" in capsys.readouterr().out
