"""Campaigns: audience, per-language versions, the six-week rule, and controls."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlalchemy import func, insert, select, update

from services.common.auth import Claims
from services.common.db import utcnow
from services.common.errors import Conflict, Invalid, NotFound

from .extensions import db
from .models import (
    SUBSCRIBED,
    Campaign,
    Contact,
    Delivery,
    MailingList,
    Subscription,
    Suppression,
    Template,
)
from .rendering import check_versions
from .services import audit

log = logging.getLogger("convene.mailer.campaigns")
INVITATION_NOTICE = timedelta(days=42)
TRANSITIONS = {
    "schedule": ({"draft", "paused"}, "scheduled"),
    "pause": ({"scheduled", "sending"}, "paused"),
    "resume": ({"paused"}, "scheduled"),
    "cancel": ({"draft", "scheduled", "sending", "paused"}, "cancelled"),
}


def check_notice(data: dict) -> None:
    """Invitations go out at least six weeks (42 days) before the event, or say why not."""
    if data.get("kind") != "invitation":
        return
    if not data.get("event_key") or not data.get("event_starts_at"):
        raise Invalid(
            "An invitation must name its event and the event's start.",
            errors={"event_key": ["Required for invitations."]},
        )
    send_at = data.get("scheduled_at") or utcnow()
    if data["event_starts_at"] - send_at < INVITATION_NOTICE and not data.get("late_reason"):
        days = (data["event_starts_at"] - send_at).days
        raise Invalid(
            f"Invitations must be sent at least 42 days before the event; this one would "
            f"leave {days} days. Record a reason to send it anyway.",
            errors={"late_reason": ["Required when inviting less than 42 days ahead."]},
        )


def create(data: dict, claims: Claims) -> Campaign:
    check_notice(data)
    template_key = data.pop("template", None)
    if template_key:
        template = db.session.get(Template, template_key)
        if template is None:
            raise Invalid("There is no such template.", errors={"template": ["Unknown."]})
        data["versions"] = dict(template.versions)
    versions = data["versions"]
    if not versions:
        raise Invalid(
            "Give the campaign a template or at least one language version.",
            errors={"versions": ["Required."]},
        )
    if data["fallback_language"] not in versions:
        raise Invalid(
            "The fallback language needs a version.",
            errors={"fallback_language": ["No version in this language."]},
        )
    check_versions(versions)
    campaign = Campaign(**data, status="draft")
    db.session.add(campaign)
    db.session.flush()
    audit(claims, "campaign.create", "campaign", campaign.id)
    if data.get("kind") == "invitation" and data.get("late_reason"):
        audit(claims, "campaign.late_invitation", "campaign", campaign.id)
    db.session.commit()
    return campaign


def recent(limit: int = 50) -> list[Campaign]:
    return list(
        db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc()).limit(limit))
    )


def get(campaign_id) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("There is no such campaign.")
    return campaign


def control(campaign_id, action: str, claims: Claims) -> Campaign:
    campaign = get(campaign_id)
    allowed, target = TRANSITIONS[action]
    if campaign.status not in allowed:
        raise Conflict(f"A {campaign.status} campaign cannot {action}.")
    if action == "resume" and campaign.scheduled_at and campaign.status == "paused":
        target = "sending" if _expanded(campaign) else "scheduled"
    campaign.status = target
    if action == "schedule" and campaign.scheduled_at is None:
        campaign.scheduled_at = utcnow()
    audit(claims, f"campaign.{action}", "campaign", campaign.id)
    db.session.commit()
    log.info("event=campaign.%s id=%s", action, campaign.id)
    return campaign


def _expanded(campaign: Campaign) -> bool:
    return (
        db.session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.campaign_id == campaign.id)
        )
        > 0
    )


def audience(campaign: Campaign):
    """(contact id, list id, preferred language) of everyone the segment selects."""
    segment = campaign.segment or {}
    query = (
        select(Contact.id, Subscription.list_id, Contact.preferred_language)
        .join(Subscription, Subscription.contact_id == Contact.id)
        .where(Subscription.status == SUBSCRIBED)
        .where(
            ~select(Suppression.email_index)
            .where(Suppression.email_index == Contact.email_index)
            .exists()
        )
    )
    if segment.get("lists"):
        query = query.join(MailingList, MailingList.id == Subscription.list_id).where(
            MailingList.key.in_(segment["lists"])
        )
    for field, column in (
        ("regions", Contact.region),
        ("categories", Contact.category),
        ("countries", Contact.country),
        ("languages", Contact.preferred_language),
    ):
        if segment.get(field):
            query = query.where(column.in_(segment[field]))
    return query.order_by(Contact.id)


def expand(campaign: Campaign, batch: int = 5000) -> int:
    """Create one delivery per contact (once, even if the contact is on several lists)."""
    seen = set(
        db.session.scalars(select(Delivery.contact_id).where(Delivery.campaign_id == campaign.id))
    )
    rows, total = [], 0
    now = utcnow()
    for contact_id, list_id, language in db.session.execute(
        audience(campaign).execution_options(yield_per=batch)
    ):
        if contact_id in seen:
            continue
        seen.add(contact_id)
        chosen = language if language in campaign.versions else campaign.fallback_language
        rows.append(
            {
                "id": uuid.uuid4(),
                "campaign_id": campaign.id,
                "contact_id": contact_id,
                "list_id": list_id,
                "language": chosen,
                "created_at": now,
                "available_at": now,
                "attempts": 0,
            }
        )
        if len(rows) >= batch:
            db.session.execute(insert(Delivery), rows)
            total += len(rows)
            rows = []
    if rows:
        db.session.execute(insert(Delivery), rows)
        total += len(rows)
    campaign.status = "sending"
    db.session.commit()
    log.info("event=campaign.expanded id=%s recipients=%s", campaign.id, total)
    return total


def claim_due_campaign() -> Campaign | None:
    """One due campaign, locked until `expand` commits: of several workers exactly one
    expands it (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer)."""
    return db.session.scalars(
        select(Campaign)
        .where(Campaign.status == "scheduled", Campaign.scheduled_at <= utcnow())
        .order_by(Campaign.scheduled_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def progress(campaign: Campaign) -> dict:
    rows = db.session.execute(
        select(Delivery.outcome, func.count())
        .where(Delivery.campaign_id == campaign.id)
        .group_by(Delivery.outcome)
    ).all()
    counts = {outcome or "remaining": n for outcome, n in rows}
    return {
        "sent": counts.get("sent", 0),
        "failed": counts.get("failed", 0),
        "skipped": counts.get("skipped", 0),
        "remaining": counts.get("remaining", 0),
    }


def finish_sent() -> int:
    """Mark sending campaigns with nothing left to send as sent."""
    pending = (
        select(Delivery.id)
        .where(Delivery.campaign_id == Campaign.id, Delivery.outcome.is_(None))
        .exists()
    )
    done = db.session.execute(
        update(Campaign).where(Campaign.status == "sending", ~pending).values(status="sent")
    ).rowcount
    db.session.commit()
    return 0 if done is None else done
