"""Every `WAGTAILCONVENE_*` setting, read here and nowhere else.

WAGTAILCONVENE_REGISTRATION_URL  base URL of the registration service
WAGTAILCONVENE_SERVICE_SECRET    secret that signs the CMS's service tokens (required)
WAGTAILCONVENE_SERVICE_TIMEOUT   seconds before a service call gives up (default 10)
WAGTAILCONVENE_REGIONS           (code, name) pairs of the review regions
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

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


def service_secret() -> str:
    return _get("SERVICE_SECRET", required=True)


def service_timeout() -> float:
    return float(_get("SERVICE_TIMEOUT", 10))


def regions() -> list:
    return _get("REGIONS", REGIONS)
