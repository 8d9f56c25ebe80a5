"""Every `WAGTAILCONVENE_*` setting, read here and nowhere else.

WAGTAILCONVENE_REGISTRATION_URL  base URL of the registration service
WAGTAILCONVENE_SIGNING_KEY      the CMS's Ed25519 key (64 hex) signing its service tokens (required)
WAGTAILCONVENE_SERVICE_TIMEOUT   seconds before a service call gives up (default 10)
WAGTAILCONVENE_MAILER_URL        base URL of the mailer service
WAGTAILCONVENE_GRIEVANCE_URL     base URL of the grievance service
WAGTAILCONVENE_REPRISAL_DESK_GROUP  the Django group of the reprisal desk
WAGTAILCONVENE_AUDITOR_GROUP     the Django group of the auditors, who read the audit trail
WAGTAILCONVENE_SHOW_OPENER_NAME  "my registration" names the staff member who opened the
                                 record (default False: only when and why)
WAGTAILCONVENE_FIELD_KEY         hex key sealing submitters' e-mail addresses (required)
WAGTAILCONVENE_SUBMISSION_MAX_BYTES   largest accepted submission document (default 10 MB)
WAGTAILCONVENE_SUBMISSION_SUMMARY_MAX longest accepted summary, in characters (default 3000)
WAGTAILCONVENE_UNACCEPTABLE_WORDS     words that flag a submission for the reviewers
WAGTAILCONVENE_NEWSLETTER_LIST   mailer list of the public subscription form (default updates)
WAGTAILCONVENE_DESK_IDLE_MINUTES the desk's unlock ends after this long without a desk request (30)
WAGTAILCONVENE_RECOVERY_CODES    one-time recovery codes a staff member is given (default 10)
WAGTAILCONVENE_RESET_PER_ACCOUNT_DAY  password-reset requests per e-mail address a day (3)
WAGTAILCONVENE_RESET_PER_ADDRESS_HOUR password-reset requests per client address an hour (10)
WAGTAILCONVENE_FORM_LIMITS       per-client limits of the public forms: {scope: [posts, seconds]},
                                 "*" for every scope (defaults: FORM_LIMITS below)
WAGTAILCONVENE_THROTTLE_CACHE    a CACHES alias shared by the processes for those counts (default:
                                 none, each process counts in its own memory)
WAGTAILCONVENE_REPORT_MIN_SECONDS  a reporting form sent sooner after it was served is held back,
                                 its answers kept (default 8)
WAGTAILCONVENE_REPORT_TICKET_HOURS how long a served reporting form may be sent (default 48)
WAGTAILCONVENE_EVIDENCE_MAX_FILES     evidence files in one report (default 5; the service's)
WAGTAILCONVENE_EVIDENCE_MAX_BYTES     largest evidence file (default 10 MiB; the service's)
WAGTAILCONVENE_EVIDENCE_MAX_PIXELS    largest evidence photo (default 12 megapixels)
WAGTAILCONVENE_REPORT_TIMEOUT    seconds a report with evidence may take (default 60)
WAGTAILCONVENE_LINK_MINUTES      how long a link's token stays in its cookie (default 30)
WAGTAILCONVENE_CONTENT_SECURITY_POLICY        the public site's CSP (default: security.SITE_POLICY)
WAGTAILCONVENE_ADMIN_CONTENT_SECURITY_POLICY  the admin's CSP (default: security.ADMIN_POLICY)
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Translated names of the regional commissions, used when an editor has not translated
# a Region snippet into the visitor's language. The codes themselves live in the taxonomy.
REGIONS = [
    ("ECA", _("Africa (ECA)")),
    ("ECE", _("Europe and North America (ECE)")),
    ("ECLAC", _("Latin America and the Caribbean (ECLAC)")),
    ("ESCAP", _("Asia and the Pacific (ESCAP)")),
    ("ESCWA", _("Arab region (ESCWA)")),
]


def _get(name, default=None, required=False):
    value = getattr(settings, f"WAGTAILCONVENE_{name}", default)
    if required and not value:
        raise ImproperlyConfigured(f"WAGTAILCONVENE_{name} must be set")
    return value


def registration_url() -> str:
    return _get("REGISTRATION_URL", "http://127.0.0.1:8001")


def grievance_url() -> str:
    return _get("GRIEVANCE_URL", "http://127.0.0.1:8002")


def reprisal_desk_group() -> str:
    """The Django group whose members form the reprisal desk (role `reprisal_desk`)."""
    return _get("REPRISAL_DESK_GROUP", "Reprisal desk")


def auditor_group() -> str:
    """The Django group whose members read the audit trail (role `auditor`)."""
    return _get("AUDITOR_GROUP", "Auditors")


def show_opener_name() -> bool:
    """Whether "my registration" names who in the secretariat opened the record."""
    return bool(_get("SHOW_OPENER_NAME", False))


def signing_key() -> str:
    return _get("SIGNING_KEY", required=True)


def service_timeout() -> float:
    return float(_get("SERVICE_TIMEOUT", 10))


def mailer_url() -> str:
    return _get("MAILER_URL", "http://127.0.0.1:8003")


def field_key() -> bytes:
    """32-byte key (hex) sealing the few personal fields the CMS keeps (submitters' e-mail)."""
    key = bytes.fromhex(_get("FIELD_KEY", required=True))
    if len(key) != 32:
        raise ImproperlyConfigured("WAGTAILCONVENE_FIELD_KEY must be 32 bytes in hex")
    return key


def submission_max_bytes() -> int:
    return int(_get("SUBMISSION_MAX_BYTES", 10 * 1024 * 1024))


def unacceptable_words() -> list[str]:
    return [w.strip().lower() for w in _get("UNACCEPTABLE_WORDS", []) if w.strip()]


def submission_summary_max() -> int:
    return int(_get("SUBMISSION_SUMMARY_MAX", 3000))


def newsletter_list() -> str:
    """The mailer list the public subscription form adds people to."""
    return _get("NEWSLETTER_LIST", "updates")


def desk_idle_seconds() -> int:
    """After this long without a request to the reprisal desk's screens, the unlock ends."""
    return int(_get("DESK_IDLE_MINUTES", 30)) * 60


def recovery_codes() -> int:
    return int(_get("RECOVERY_CODES", 10))


def reset_per_account_day() -> int:
    return int(_get("RESET_PER_ACCOUNT_DAY", 3))


def reset_per_address_hour() -> int:
    return int(_get("RESET_PER_ADDRESS_HOUR", 10))


# Public POSTs each client may send per form, in a window of seconds (docs/security.md
# gives the reasons). A person correcting a form a few times stays well under them.
FORM_LIMITS = {
    "registration": (10, 600),  # the registration forms
    "newsletter": (5, 600),  # subscribe, confirm
    "link": (5, 600),  # "send me my link"
    "consent": (10, 600),  # focal point, guardian and nominee pages; "never mail me"
    "selfservice": (30, 600),  # my registration: correct, confirm, withdraw, download, erase
    "submission": (5, 3600),  # written submissions (documents)
    "report": (10, 600),  # grievance and reprisal reports
    "follow_up": (30, 600),  # follow-up with a receipt code
}


def form_limits() -> dict[str, tuple[int, int]]:
    """(posts, seconds) per scope: the defaults, then `"*"`, then each scope's setting."""
    given = dict(_get("FORM_LIMITS", {}) or {})
    every = given.pop("*", None)
    limits = {scope: tuple(every) if every else limit for scope, limit in FORM_LIMITS.items()}
    limits.update({scope: tuple(limit) for scope, limit in given.items()})
    return {scope: (int(posts), int(seconds)) for scope, (posts, seconds) in limits.items()}


def throttle_cache() -> str | None:
    """A CACHES alias the processes share for the form limits; None: each its own memory."""
    return _get("THROTTLE_CACHE")


def report_min_seconds() -> float:
    return float(_get("REPORT_MIN_SECONDS", 8))


def report_ticket_hours() -> float:
    return float(_get("REPORT_TICKET_HOURS", 48))


def evidence_max_files() -> int:
    return int(_get("EVIDENCE_MAX_FILES", 5))


def evidence_max_bytes() -> int:
    return int(_get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def evidence_max_pixels() -> int:
    return int(_get("EVIDENCE_MAX_PIXELS", 12_000_000))


def report_body_max() -> int:
    """The largest reporting form body: every file at its largest, plus 1 MiB for the
    text fields and the multipart framing (nginx's `client_max_body_size` there)."""
    return evidence_max_files() * evidence_max_bytes() + 1024 * 1024


def report_timeout() -> float:
    """A report carries up to 50 MB and the service redraws each photo: more than the
    plain calls' timeout."""
    return float(_get("REPORT_TIMEOUT", 60))


def link_seconds() -> int:
    """How long the token of an e-mailed link stays in its cookie once exchanged."""
    return int(_get("LINK_MINUTES", 30)) * 60


def content_security_policy() -> str:
    from .security import SITE_POLICY

    return _get("CONTENT_SECURITY_POLICY", SITE_POLICY)


def admin_content_security_policy() -> str:
    from .security import ADMIN_POLICY

    return _get("ADMIN_CONTENT_SECURITY_POLICY", ADMIN_POLICY)
