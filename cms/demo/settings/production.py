"""Production: every secret and address from the environment; fails without them."""

import os

from .base import *  # noqa: F403
from .base import secret

DEBUG = False
ALLOWED_HOSTS = os.environ["CONVENE_ALLOWED_HOSTS"].split(",")
SECRET_KEY = secret("CONVENE_DJANGO_SECRET_KEY", "cms-django.key")
WAGTAILCONVENE_SIGNING_KEY = secret("CONVENE_SIGNING_KEY", "cms-signing.key")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS from the application too (as nginx sends it): two years, subdomains included.
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Behind the one nginx: the client's address is the last one it appends to
# X-Forwarded-For (what a client sends before it can be forged), so a sign-in lock-out by
# address locks the client's address, never the proxy's (wagtail_convene.signin).
CONVENE_TRUSTED_PROXIES = 1
WAGTAILCONVENE_FIELD_KEY = secret("CONVENE_FIELD_KEY", "cms-fields.key")

# Refuse to start with unsafe settings; name every problem at once.
_TRUE = {"1", "true", "yes", "on"}
_problems = []
if os.environ.get("CONVENE_DEBUG", "").lower() in _TRUE:
    _problems.append("CONVENE_DEBUG is on")
if os.environ.get("CONVENE_GENERATE_KEYS") == "1":
    _problems.append("CONVENE_GENERATE_KEYS=1: provision keys, do not generate them")
for _name, _value in (
    ("CONVENE_DJANGO_SECRET_KEY", SECRET_KEY),
    ("CONVENE_SIGNING_KEY", WAGTAILCONVENE_SIGNING_KEY),
    ("CONVENE_FIELD_KEY", WAGTAILCONVENE_FIELD_KEY),
):
    if (
        len(_value) < 32
        or _value.startswith("django-insecure")
        or _value.lower()
        in {
            "secret",
            "changeme",
            "change-me",
            "password",
        }
    ):
        _problems.append(f"{_name} is a default or shorter than 32 characters")
try:
    if len(bytes.fromhex(WAGTAILCONVENE_SIGNING_KEY)) != 32:
        raise ValueError
except ValueError:
    _problems.append("CONVENE_SIGNING_KEY is not an Ed25519 key (64 hex digits)")
if "*" in ALLOWED_HOSTS or not all(ALLOWED_HOSTS):
    _problems.append("CONVENE_ALLOWED_HOSTS must name the site's hosts (no '*')")
if _problems:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("refusing to start in production: " + "; ".join(_problems))
