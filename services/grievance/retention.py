"""What the grievance service keeps, and for how long (`GRIEVANCE_RETENTION`, days per
rule; docs/operations.md has the table). Closed cases go after `GRIEVANCE_RETENTION_DAYS`
(figures.purge, run beside these); these are the service's other records."""

from __future__ import annotations

from services.common import retention
from services.common.retention import Rule

from . import models
from .extensions import db


def rules(configured: dict[str, int]) -> list[Rule]:
    return retention.common_rules(db.session, models, configured)
