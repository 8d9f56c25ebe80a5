"""What the mailer keeps, and for how long (`MAILER_RETENTION`, days per rule;
docs/operations.md has the table). Run by the worker (services/common/retention.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, update

from services.common import retention
from services.common.retention import Rule

from . import models
from .extensions import db
from .models import ImportJob, Message


def _message_content(cutoff: datetime) -> int:
    """A message's recipient and content (names, links) once it was delivered, withheld
    or given up on; its template, language, source and dates stay, as counts."""
    finished = or_(Message.done_at < cutoff, Message.failed_at < cutoff)
    return (
        db.session.execute(
            update(Message)
            .where(finished, Message.recipient_enc != b"")
            .values(recipient_enc=b"", context_enc=b"")
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )


def _import_files(cutoff: datetime) -> int:
    """An import's file is dropped once imported (imports.py); one that never finished
    (failed, abandoned) is dropped after this many days all the same."""
    return (
        db.session.execute(
            update(ImportJob)
            .where(and_(ImportJob.created_at < cutoff, ImportJob.payload_enc.is_not(None)))
            .values(payload_enc=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )


def rules(configured: dict[str, int]) -> list[Rule]:
    return [
        Rule(
            "message_content",
            retention.days(configured, "message_content", 30),
            _message_content,
            "a message's recipient and content, once delivered, withheld or failed",
        ),
        Rule(
            "import_files",
            retention.days(configured, "import_files", 2),
            _import_files,
            "an import's file when it never finished (a finished one's goes at once)",
        ),
        *retention.common_rules(db.session, models, configured),
    ]
