"""Settings shared by every environment of the demo site.

Secrets and addresses come from `CONVENE_*` variables or the generated key folder.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CONVENE_DATA_DIR", "var")).resolve()
KEY_DIR = DATA_DIR / "keys"


def setting(env_name: str, default: str | None = None) -> str | None:
    """A variable, else the content of the file `<NAME>_FILE` names (a mounted secret)."""
    value = os.environ.get(env_name)
    if value:
        return value
    mounted = os.environ.get(f"{env_name}_FILE")
    return Path(mounted).read_text().strip() if mounted else default


def secret(env_name: str, file_name: str) -> str:
    """A secret from the environment, a mounted file (`<NAME>_FILE`), else the key folder
    `make run` fills."""
    value = setting(env_name)  # also from a mounted file, e.g. a Kubernetes secret
    if value:
        return value
    path = KEY_DIR / file_name
    if not path.exists():
        raise ImproperlyConfigured(f"{env_name} is not set and {path} does not exist")
    return path.read_bytes().hex()


INSTALLED_APPS = [
    "demo.home",
    "wagtail_convene",
    "wagtail_convene.taxonomy",
    "wagtail_convene.reviews",
    "wagtail_convene.events",
    "wagtail_convene.submissions",
    "wagtail_convene.outreach",
    "wagtail_convene.intake",
    "wagtail_convene.reporting",
    "wagtail_convene.staff",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the body: a report's files stay in memory (issue 17).
    "wagtail_convene.reporting.uploads.ReportingUploadsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor verified this session (django-otp), then: a password alone
    # reaches no admin page but the second-factor step (wagtail_convene.staff).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail_convene.staff.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every page, `no-store` on the admin (wagtail_convene.security).
    "wagtail_convene.security.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: counts failed sign-ins and answers a locked-out account (django-axes).
    "axes.middleware.AxesMiddleware",
]

# Staff sign-in: ten wrong passwords lock the account, or the address they come from,
# until an administrator unlocks it (Settings › Locked sign-ins); a session lasts 8 hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A lock ends after a day, or at once when a superuser unlocks it. A successful sign-in
# does not wipe the count: else an insider could guess nine times at a colleague's
# password, sign in as themselves, and start again.
AXES_COOLOFF_TIME = 24
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "wagtail_convene.signin.client_address"
AXES_LOCKOUT_CALLABLE = "wagtail_convene.signin.locked_out"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = 8 * 60 * 60

ROOT_URLCONF = "demo.urls"
WSGI_APPLICATION = "demo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database(url: str | None) -> dict:
    """SQLite in the data folder by default; PostgreSQL (psycopg 3, pooled) when
    `CONVENE_DATABASE_URL` is `postgresql://user:password@host:port/name`. The pool's size
    comes from `CONVENE_DATABASE_POOL_MIN` / `CONVENE_DATABASE_POOL_MAX`."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "cms.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://", 1))
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured("CONVENE_DATABASE_URL must be a postgresql:// URL")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": {
            "pool": {
                "min_size": int(os.environ.get("CONVENE_DATABASE_POOL_MIN", "2")),
                "max_size": int(os.environ.get("CONVENE_DATABASE_POOL_MAX", "10")),
            }
        },
    }


DATABASES = {"default": database(setting("CONVENE_DATABASE_URL"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# The six UN languages and Portuguese; Arabic pages render right-to-left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("ru", "Русский"),
    ("pt", "Português"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"


def media_storage(bucket: str | None) -> dict:
    """Documents and images: the data folder, or a private S3 bucket when
    `CONVENE_S3_BUCKET` is set (django-storages). Objects are never public: a document's
    link is presigned and lasts `CONVENE_S3_LINK_SECONDS` (300 by default); images are
    sent from the site's own address (wagtail_convene.media)."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "wagtail_convene.media.SiteS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": "cms",
            "region_name": os.environ.get("CONVENE_AWS_REGION", "eu-west-1"),
            "endpoint_url": os.environ.get("CONVENE_AWS_ENDPOINT_URL") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("CONVENE_S3_LINK_SECONDS", "300")),
            "signature_version": "s3v4",
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "aws:kms"}
            if os.environ.get("CONVENE_S3_SSE_KMS") == "1"
            else {},
        },
    }


STORAGES = {
    "default": media_storage(os.environ.get("CONVENE_S3_BUCKET")),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Documents are served by Wagtail's view (which checks privacy and collections), then
# handed over as a redirect to the storage's link: a presigned S3 link when on S3.
WAGTAILDOCS_SERVE_METHOD = "redirect" if os.environ.get("CONVENE_S3_BUCKET") else "serve_view"

WAGTAIL_SITE_NAME = "Convene demo"
WAGTAILADMIN_BASE_URL = os.environ.get("CONVENE_CMS_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

WAGTAILCONVENE_REGISTRATION_URL = os.environ.get(
    "CONVENE_REGISTRATION_URL", "http://127.0.0.1:8001"
)
WAGTAILCONVENE_MAILER_URL = os.environ.get("CONVENE_MAILER_URL", "http://127.0.0.1:8003")
WAGTAILCONVENE_GRIEVANCE_URL = os.environ.get("CONVENE_GRIEVANCE_URL", "http://127.0.0.1:8002")
WAGTAILCONVENE_UNACCEPTABLE_WORDS = os.environ.get("CONVENE_UNACCEPTABLE_WORDS", "").split(",")
# Non-file form fields (files are counted apart): a report's texts need far less. Uploads
# over FILE_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB) go to a temporary file, except on the
# reporting pages, which keep every file in memory up to WAGTAILCONVENE_EVIDENCE_* (5 files
# of 10 MB): wagtail_convene.reporting.uploads, docs/operations.md "Limits".
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The public forms' per-client limits (wagtail_convene.conf.FORM_LIMITS), e.g.
# CONVENE_FORM_LIMITS='{"registration": [20, 600]}'; "*" sets every form's.
WAGTAILCONVENE_FORM_LIMITS = json.loads(setting("CONVENE_FORM_LIMITS") or "{}")
WAGTAILCONVENE_REPORT_MIN_SECONDS = float(setting("CONVENE_REPORT_MIN_SECONDS") or 8)
WAGTAILAPI_BASE_URL = os.environ.get("CONVENE_CMS_URL", "http://127.0.0.1:8000")
WAGTAILAPI_LIMIT_MAX = 100

# Staff second factor (django-otp): an authenticator app (TOTP), a security key or passkey
# (WebAuthn, django-otp-webauthn), and one-time recovery codes. Keys are bound to the
# site's host name: `localhost` when the site runs on 127.0.0.1 (an address cannot be a
# WebAuthn relying party), so on `make run` keys work at http://localhost:<port>/admin/.
_SITE = urlsplit(WAGTAILADMIN_BASE_URL)
_KEY_HOST = "localhost" if _SITE.hostname in ("127.0.0.1", "::1") else _SITE.hostname
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
OTP_WEBAUTHN_RP_ID = _KEY_HOST
OTP_WEBAUTHN_RP_NAME = WAGTAIL_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{_SITE.scheme}://{_KEY_HOST}" + (f":{_SITE.port}" if _SITE.port else "")
]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a key is the second factor, after the password
# Password reset: the form that limits requests per address and per account, mailed
# through the mailer service in the account's language.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "wagtail_convene.staff.reset.ThrottledPasswordResetForm"  # noqa: S105 - a dotted path

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A refused form explains itself in the visitor's language, in the site's layout.
CSRF_FAILURE_VIEW = "wagtail_convene.errors.csrf_failure"
# "no-referrer" would make browsers send `Origin: null`, failing CSRF checks on our own forms.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # The token of an e-mailed link is cut out of every line (wagtail_convene.logs).
    "filters": {"link_tokens": {"()": "wagtail_convene.logs.RedactLinkTokens"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["link_tokens"],
        }
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    # Request logs name URLs and client addresses; Convene keeps neither.
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "WARNING"}},
}
