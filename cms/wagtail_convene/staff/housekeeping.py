"""The CMS's own retention: expired sessions, and sign-in records past their time.

Django keeps a session row until it is cleared; django-axes keeps a row per sign-in
(address, browser, time) and per failure. Run at most once an hour per process, on a
staff sign-in (rare enough to cost nothing, frequent enough to keep the tables short), and
by `manage.py convene_housekeeping` (a deployment's daily job).
  - sessions: once expired (8 hours after sign-in, SESSION_COOKIE_AGE);
  - sign-in records and failures: after WAGTAILCONVENE_SIGNIN_LOG_DAYS (default 30);
  - failed sign-in counts: once past axes' cool-off (AXES_COOLOFF_TIME, a day).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

log = logging.getLogger("convene.cms")
EVERY_SECONDS = 3600
_last: list[float] = []


def sweep() -> dict[str, int]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = timezone.now()
    days = int(getattr(settings, "WAGTAILCONVENE_SIGNIN_LOG_DAYS", 30))
    cooloff = timedelta(hours=float(getattr(settings, "AXES_COOLOFF_TIME", 24)))
    counts = {
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        "sign_ins": AccessLog.objects.filter(attempt_time__lt=now - timedelta(days=days)).delete()[
            0
        ],
        "failures": AccessFailureLog.objects.filter(
            attempt_time__lt=now - timedelta(days=days)
        ).delete()[0],
        "failure_counts": AccessAttempt.objects.filter(attempt_time__lt=now - cooloff).delete()[0],
    }
    log.info("event=housekeeping %s", " ".join(f"{k}={v}" for k, v in counts.items()))
    return counts


def on_sign_in(**_kwargs) -> None:
    """`user_logged_in` receiver: sweep if this process has not for an hour."""
    if _last and time.monotonic() - _last[0] < EVERY_SECONDS:
        return
    _last[:] = [time.monotonic()]
    sweep()
