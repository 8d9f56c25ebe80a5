"""Unit tests of the plugin: in-process, a throwaway database, fixed test-only secrets."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
# Test-only Ed25519 key of the CMS (its public half: services.common.auth.public_key_of).
WAGTAILCONVENE_SIGNING_KEY = "7e" * 32
WAGTAILCONVENE_FIELD_KEY = "00" * 32  # test-only
WAGTAILCONVENE_UNACCEPTABLE_WORDS = ["forbiddenword"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]
