"""The aggregate features of a registration and their values, named in the reader's language
(shared by the public statistics, the selection screens and the transparency reports)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FEATURES = {
    "category": gettext_lazy("Stakeholder group"),
    "subregion": gettext_lazy("Sub-region"),
    "country": gettext_lazy("Country"),
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age"),
    "migrant_led": gettext_lazy("Migrant-led organisation"),
}


def feature_label(feature: str) -> str:
    return str(FEATURES.get(feature, feature))


def value_label(feature: str, value: str) -> str:
    from .events.forms import AGE_BANDS, GENDERS
    from .taxonomy.models import StakeholderCategory

    if feature == "gender":
        return str(dict(GENDERS).get(value, value))
    if feature == "age_band":
        return str(dict(AGE_BANDS).get(value, value))
    if feature == "migrant_led":
        return _("Migrant-led") if value in ("True", "yes") else _("Other organisations")
    if feature == "country":
        return country_label(value)
    if feature == "subregion":
        return subregion_label(value)
    if feature == "category":
        found = StakeholderCategory.objects.filter(slug=value, locale__language_code="en").first()
        return found.label if found else (value or _("Not given"))
    return value or _("Not given")


HIDDEN = "fewer than 5"  # what the services send for a count below 5
# ... and for a count of 5 or more hidden so that a small one cannot be worked out from a
# total (secondary suppression; None: a count the service left out for the same reason).
WITHHELD = "not shown"


def count_label(value) -> str:
    """A published count in the reader's language ("fewer than 5", "not shown")."""
    if value == HIDDEN:
        return _("fewer than 5")
    if value is None or value == WITHHELD:
        return _("not shown")
    return str(value)


# -- The admin's words for the services' codes (registrations, decisions, cases) --------

STATUSES = {
    "received": gettext_lazy("Received"),
    "under_review": gettext_lazy("Under review"),
    "eligible": gettext_lazy("Eligible"),
    "ineligible": gettext_lazy("Not eligible"),
    "selected": gettext_lazy("Selected"),
    "waitlisted": gettext_lazy("Waiting list"),
    "not_selected": gettext_lazy("Not selected"),
    "confirmed": gettext_lazy("Confirmed"),
    "withdrawn": gettext_lazy("Withdrawn"),
}
ACTIONS = {
    "start_review": gettext_lazy("Start review"),
    "eligible": gettext_lazy("Mark eligible"),
    "ineligible": gettext_lazy("Not eligible"),
    "select": gettext_lazy("Select"),
    "waitlist": gettext_lazy("Put on the waiting list"),
    "not_select": gettext_lazy("Do not select"),
    "promote": gettext_lazy("Promote from the waiting list"),
    "confirm": gettext_lazy("Confirm participation"),
    "check_criteria": gettext_lazy("Record the criteria as met"),
}
CRITERIA = {
    "authorised": gettext_lazy("Authorised by the organisation's focal point"),
    "category": gettext_lazy("Represents a relevant stakeholder entity"),
    "expertise": gettext_lazy("Has expertise in migration"),
}
CONSENTS = {
    "public_listing": gettext_lazy("Name and organisation in the published list"),
    "share_contact": gettext_lazy("Contact details shared with other participants"),
    "updates": gettext_lazy("Updates about the regional review"),
}


def _named(table: dict, code: str) -> str:
    """A code's label, or the code made readable when nobody named it yet."""
    found = table.get(code)
    return str(found) if found is not None else (code or "").replace("_", " ")


def status_label(code: str) -> str:
    return _named(STATUSES, code)


def action_label(code: str) -> str:
    return _named(ACTIONS, code)


def criterion_label(code: str) -> str:
    return _named(CRITERIA, code)


def consent_label(code: str) -> str:
    return _named(CONSENTS, code)


def track_kind_label(code: str) -> str:
    from .events.models import TRACK_KINDS

    return _named(dict(TRACK_KINDS), code)


def interest_role_label(code: str) -> str:
    from .events.forms import INTEREST_ROLES

    return _named(dict(INTEREST_ROLES), code)


def country_label(code: str) -> str:
    from .taxonomy.models import country_name

    return country_name(code) if code else _("Not given")


def subregion_label(name: str) -> str:
    """Registrations carry a sub-region's English name; this is its name in the reader's."""
    from .taxonomy.models import SubRegion

    if not name:
        return _("Not given")
    found = SubRegion.objects.filter(name=name, locale__language_code="en").first()
    if found is None:
        return name
    label = getattr(found, "label", None)
    return str(label) if label else found.localized.name


def language_label(code: str) -> str:
    """A language's name in the reader's language (CLDR), e.g. "arabe" for ar in French."""
    from babel import Locale, UnknownLocaleError
    from django.utils.translation import get_language

    try:
        reader = Locale.parse((get_language() or "en").replace("-", "_"))
        return Locale.parse(code.replace("-", "_")).get_display_name(reader) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code


def actor_label(actor: str) -> str:
    """Who did something, as an audit or history line names them (`cms:user:7`)."""
    from django.contrib.auth import get_user_model

    if actor.startswith("cms:user:") and actor[9:].isdigit():
        user = get_user_model().objects.filter(pk=int(actor[9:])).first()
        if user is None:
            return _("A former staff member")
        return user.get_full_name() or user.get_username()
    return str(
        {
            "registrant": _("The registrant"),
            "system": _("Automatically"),
            "authorise": _("The focal point"),
            "guardian": _("The parent or guardian"),
            "accept": _("The nominee"),
            "reporter": _("The reporter"),
        }.get(actor, actor)
    )


def reason_label(reason: dict) -> str:
    """Why the registration service refuses or skips a decision (its `code`), in words."""
    code = reason.get("code", "")
    if code == "status":
        return _("Not possible for a registration that is %(status)s.") % {
            "status": status_label(reason.get("status", "")).lower()
        }
    if code.startswith("criterion_"):
        return _("Criterion not checked: %(criterion)s.") % {
            "criterion": criterion_label(code[len("criterion_") :])
        }
    if code == "track_full":
        return _("The track is full (%(taken)s of %(capacity)s places).") % {
            "taken": reason.get("taken", "?"),
            "capacity": reason.get("capacity", "?"),
        }
    words = {
        "nominee_not_accepted": _("The nominee has not accepted the nomination yet."),
        "guardian_consent_missing": _("A parent or guardian has not consented yet."),
        "not_floor_speaker": _("Only requests to speak from the floor have criteria to check."),
    }
    return str(words.get(code, reason.get("message", code)))


def feature_choices(feature: str, regions=()) -> list[tuple[str, str]]:
    """(value, label) of a feature's possible values, for selects (filters, quota rows).

    Country and sub-region are limited to `regions` when given. Values are what the
    registration service stores: a group's slug, a sub-region's English name, an ISO code,
    "True"/"False" for migrant-led."""
    from .events.forms import AGE_BANDS, GENDERS, country_choices
    from .taxonomy.models import StakeholderCategory, SubRegion, countries_of_region

    if feature == "gender":
        return [(k, str(v)) for k, v in GENDERS]
    if feature == "age_band":
        return [(k, str(v)) for k, v in AGE_BANDS if k]
    if feature == "migrant_led":
        return [("True", _("Migrant-led")), ("False", _("Other organisations"))]
    if feature == "category":
        groups = StakeholderCategory.objects.filter(locale__language_code="en")
        return [(g.slug, value_label("category", g.slug)) for g in groups]
    if feature == "subregion":
        found = SubRegion.objects.filter(locale__language_code="en").select_related("region")
        if regions:
            found = found.filter(region__code__in=list(regions))
        names = dict.fromkeys(s.name for s in found)
        return sorted(((n, subregion_label(n)) for n in names), key=lambda c: c[1])
    if feature == "country":
        from django.utils.translation import get_language

        countries = country_choices(get_language() or "en")
        if regions:
            wanted = {c for region in regions for c in countries_of_region(region)}
            countries = [c for c in countries if c[0] in wanted] or countries
        return list(countries)
    return []


# -- Grievance and reprisal cases --------------------------------------------------------

CASE_STATUSES = {
    "new": gettext_lazy("New"),
    "acknowledged": gettext_lazy("Acknowledged"),
    "in_progress": gettext_lazy("In progress"),
    "referred": gettext_lazy("Referred"),
    "resolved": gettext_lazy("Resolved"),
    "closed": gettext_lazy("Closed"),
}
CASE_FIELDS = {
    "category": gettext_lazy("What it is about"),
    "event": gettext_lazy("Event"),
    "decision": gettext_lazy("The event or decision contested"),
    "description": gettext_lazy("What happened"),
    "what_happened": gettext_lazy("What happened"),
    "happened_on": gettext_lazy("When"),
    "country": gettext_lazy("Where"),
    "affected": gettext_lazy("Who is affected"),
    "danger": gettext_lazy("Anyone in immediate danger"),
    "region": gettext_lazy("Region"),
    "language": gettext_lazy("Language"),
}


def case_status_label(code: str) -> str:
    return _named(CASE_STATUSES, code)


def case_category_label(kind: str, code: str) -> str:
    from .reporting.forms import GRIEVANCE_CATEGORIES, REPRISAL_KINDS

    table = REPRISAL_KINDS if kind == "reprisal" else GRIEVANCE_CATEGORIES
    return _named(dict(table), code)


def case_field_label(key: str) -> str:
    return _named(CASE_FIELDS, key)


def case_value_label(kind: str, key: str, value) -> str:
    """A reported answer in words: the category's name, a country's, yes or no, an event's
    title; free text as written."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key == "category":
        return case_category_label(kind, value)
    if key == "country":
        return country_label(value)
    if key == "language":
        return language_label(value)
    if key == "event" and value:
        return event_title(value)
    return str(value)


def event_title(key: str) -> str:
    """An event's title in the reader's language, from its key (the page's translation key)."""
    from .events.models import EventPage

    page = EventPage.objects.filter(translation_key=key).order_by("-live", "id").first()
    if page is None:
        return _("An event no longer published")
    return page.localized.title
