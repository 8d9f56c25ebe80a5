"""Unit tests of the plugin: in-process, a throwaway database, fixed test-only secrets."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
WAGTAILCONVENE_SERVICE_SECRET = "test-only-service-secret-0123456789abcdef"  # noqa: S105
WAGTAILCONVENE_FIELD_KEY = "00" * 32  # test-only
WAGTAILCONVENE_UNACCEPTABLE_WORDS = ["forbiddenword"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]
