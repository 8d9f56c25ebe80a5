"""The audit trail of the three services, read as one auditor and joined, newest first.

Each service decides what the auditor may see (their regions; reprisal entries only with
the desk's role as well) and records the read. A page of the joined trail is the same
page (offset, size) of each service's trail, merged by time; a service that cannot be
reached is named, and the others still shown.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .. import conf
from ..clients import GrievanceClient, RegistrationClient, ServiceUnavailable
from ..clients.mailer import MailerClient
from ..intake.case_views import on_desk
from ..intake.forms import REASONS
from ..intake.models import reviewer_regions
from . import labels

CLIENTS = {"registration": RegistrationClient, "grievance": GrievanceClient, "mailer": MailerClient}
PAGE = 50
EXPORT_PAGE = 500
EXPORT_PAGES = 20  # at most 10,000 entries per service in one CSV


def is_auditor(user) -> bool:
    return user.is_active and user.groups.filter(name=conf.auditor_group()).exists()


class Auditor:
    """The acting auditor: their regions (none: every region) and roles per service."""

    def __init__(self, user):
        self.user = user
        self.regions = reviewer_regions(user)
        self.desk = on_desk(user)

    def roles(self, service: str) -> list[str]:
        return ["auditor", "reprisal_desk"] if service == "grievance" and self.desk else ["auditor"]

    def read(self, service: str, filters: dict, offset: int, limit: int) -> dict:
        with CLIENTS[service].from_settings() as client:
            return client.audit_trail(
                self.user,
                self.roles(service),
                self.regions,
                **filters,
                offset=offset,
                limit=limit,
            )


def page(auditor: Auditor, services, filters: dict, offset: int) -> dict:
    """`{"items", "more", "unreachable"}`: one page of each service's trail, joined."""
    items, more, unreachable = [], False, []
    for service in services:
        try:
            answer = auditor.read(service, filters, offset, PAGE)
        except ServiceUnavailable:
            unreachable.append(str(labels.SERVICES[service]))
            continue
        items += [dict(entry, service=service) for entry in answer["items"]]
        more = more or offset + PAGE < answer["total"]
    items.sort(key=lambda e: e["at"], reverse=True)
    return {"items": labelled(items), "more": more, "unreachable": unreachable}


def every_entry(auditor: Auditor, services, filters: dict) -> list[dict]:
    """Every matching entry (up to EXPORT_PAGES pages per service), for the CSV export.
    A service that cannot be reached fails the export: a partial trail would mislead."""
    items = []
    for service in services:
        for number in range(EXPORT_PAGES):
            answer = auditor.read(service, filters, number * EXPORT_PAGE, EXPORT_PAGE)
            items += [dict(entry, service=service) for entry in answer["items"]]
            if (number + 1) * EXPORT_PAGE >= answer["total"]:
                break
    items.sort(key=lambda e: e["at"], reverse=True)
    return labelled(items)


def labelled(items: list[dict]) -> list[dict]:
    """The entries with words for their codes and staff members' names for their ids."""
    names = staff_names({e["actor"] for e in items})
    reasons, regions = dict(REASONS), dict(conf.REGIONS)
    for entry in items:
        entry["at"] = parse_datetime(entry["at"])
        entry["service_label"] = str(labels.SERVICES[entry["service"]])
        entry["action_label"] = labels.action_label(entry["action"])
        entry["object_label"] = labels.object_label(entry["object_type"])
        entry["actor_label"] = names.get(entry["actor"]) or actor_label(entry["actor"])
        entry["reason_label"] = str(reasons.get(entry["reason"], entry["reason"]))
        entry["region"] = entry.get("region") or ""
        entry["region_label"] = str(regions.get(entry["region"], entry["region"]))
    return items


def staff_names(actors) -> dict[str, str]:
    """`{"cms:user:<pk>": name}` for the staff members among `actors`."""
    ids = {a.rsplit(":", 1)[1] for a in actors if a.startswith("cms:user:")}
    ids = {pk for pk in ids if pk.isdigit()}
    users = get_user_model().objects.filter(pk__in=ids)
    return {f"cms:user:{u.pk}": u.get_full_name() or u.get_username() for u in users}


def actor_label(actor: str) -> str:
    if actor == "registrant":
        return _("The registrant")
    if actor in ("authorise", "guardian", "accept"):
        return _("A focal point, guardian or nominee")
    if actor == "cms:cms":
        return _("The website")
    if actor.startswith("cms:user:"):
        return _("A former staff member")
    return _("Convene itself")
