"""Every `WAGTAILCONVENE_*` setting, read here and nowhere else.

WAGTAILCONVENE_REGISTRATION_URL  base URL of the registration service
WAGTAILCONVENE_SIGNING_KEY      the CMS's Ed25519 key (64 hex) signing its service tokens (required)
WAGTAILCONVENE_SERVICE_TIMEOUT   seconds before a service call gives up (default 10)
WAGTAILCONVENE_MAILER_URL        base URL of the mailer service
WAGTAILCONVENE_GRIEVANCE_URL     base URL of the grievance service
WAGTAILCONVENE_REPRISAL_DESK_GROUP  the Django group of the reprisal desk
WAGTAILCONVENE_FIELD_KEY         hex key sealing submitters' e-mail addresses (required)
WAGTAILCONVENE_SUBMISSION_MAX_BYTES   largest accepted submission document (default 10 MB)
WAGTAILCONVENE_SUBMISSION_SUMMARY_MAX longest accepted summary, in characters (default 3000)
WAGTAILCONVENE_UNACCEPTABLE_WORDS     words that flag a submission for the reviewers
WAGTAILCONVENE_NEWSLETTER_LIST   mailer list of the public subscription form (default updates)
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


def content_security_policy() -> str:
    from .security import SITE_POLICY

    return _get("CONTENT_SECURITY_POLICY", SITE_POLICY)


def admin_content_security_policy() -> str:
    from .security import ADMIN_POLICY

    return _get("ADMIN_CONTENT_SECURITY_POLICY", ADMIN_POLICY)
