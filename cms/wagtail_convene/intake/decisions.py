"""The secretariat's registration screens in words: each record's codes named in the
admin's language, the decisions its status leads to (as the registration service lists
them in `actions`, so the rules live in one place) and a bulk action's outcome."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import labels

# When the service says a confirming person's address is at the registrant's own domain.
SAME_DOMAIN = {
    "focal_point": gettext_lazy(
        "The focal point's e-mail address is at the same domain as the registrant's: "
        "check that the focal point is someone else."
    ),
    "guardian": gettext_lazy(
        "The parent's or guardian's e-mail address is at the same domain as the "
        "registrant's: check that they are someone else."
    ),
}
# The decisions the bulk form offers, in the order a reviewer takes them.
BULK = ("start_review", "eligible", "select", "waitlist", "not_select")


def option(found: dict) -> dict:
    """One of the service's `actions`, with its label and its blockers in words."""
    return {
        **found,
        "label": labels.action_label(found["action"]),
        "why_not": [labels.reason_label(r) for r in found.get("blockers", [])],
    }


def labelled(item: dict, events: dict | None = None) -> dict:
    """A queue row or a record, with every code named and its decisions ready to show."""
    events = events or {}
    page = events.get(item.get("event"))
    return {
        **item,
        "event_title": page.localized.title if page else labels.event_title(item.get("event", "")),
        "event_page": page,
        "track_name": _track_name(page, item.get("track", "")),
        "kind_label": labels.track_kind_label(item.get("kind", "")),
        "status_label": labels.status_label(item.get("status", "")),
        "category_label": labels.value_label("category", item.get("category", "")),
        "country_label": labels.country_label(item.get("country", "")),
        "subregion_label": labels.subregion_label(item.get("subregion", "")),
        "gender_label": labels.value_label("gender", item.get("gender", "")),
        "age_label": labels.value_label("age_band", item.get("age_band", "")),
        "criteria_missing_labels": [
            labels.criterion_label(c) for c in item.get("criteria_missing", [])
        ],
        "options": [option(o) for o in item.get("actions", [])],
    }


def _track_name(page, track_key: str) -> str:
    if page is None:
        return ""
    track = page.localized.specific.tracks.filter(key=track_key).first()
    if track is None:
        track = page.tracks.filter(key=track_key).first()
    return track.name if track else ""


def detail_lines(item: dict) -> dict:
    """What only the opened record shows: languages, roles, consents, history, notes."""
    return {
        "language_labels": [labels.language_label(c) for c in item.get("languages", [])],
        "language_label": labels.language_label(item.get("language", "")),
        "interest_labels": [labels.interest_role_label(r) for r in item.get("interest_roles", [])],
        "consent_lines": [
            {**c, "label": labels.consent_label(c.get("kind", ""))}
            for c in item.get("consents", [])
        ],
        "history_lines": [
            {
                **h,
                "status_label": labels.status_label(h.get("status", "")),
                "actor_label": labels.actor_label(h.get("actor", "")),
            }
            for h in item.get("history", [])
        ],
        "note_lines": [
            {**n, "actor_label": labels.actor_label(n.get("actor", ""))}
            for n in item.get("notes", [])
        ],
        "same_domain_flags": [
            SAME_DOMAIN[role] for role in item.get("same_domain", []) if role in SAME_DOMAIN
        ],
    }


def bulk_choices(items: list[dict]) -> list[dict]:
    """The bulk actions, each with how many records of the page it is possible for."""
    choices = []
    for action in BULK:
        possible = sum(
            1
            for item in items
            for o in item.get("actions", [])
            if o["action"] == action and o["possible"]
        )
        choices.append(
            {"action": action, "label": labels.action_label(action), "possible": possible}
        )
    return choices


def bulk_outcome(action: str, outcome: dict) -> tuple[str, list[str]]:
    """(what was done, why each group of the others was skipped), in words."""
    count = outcome["count"]
    done = ngettext(
        "%(action)s: done for %(count)s registration.",
        "%(action)s: done for %(count)s registrations.",
        count,
    ) % {"action": labels.action_label(action), "count": count}
    groups: dict[str, int] = {}
    for skipped in outcome.get("skipped", []):
        why = " ".join(labels.reason_label(r) for r in skipped["reasons"])
        groups[why] = groups.get(why, 0) + 1
    reasons = [
        ngettext(
            "%(count)s registration skipped: %(why)s",
            "%(count)s registrations skipped: %(why)s",
            n,
        )
        % {"count": n, "why": why}
        for why, n in groups.items()
    ]
    if not count and not reasons:
        reasons = [_("Nothing was done.")]
    return done, reasons
