"""`make run`: one machine, loopback only, keys from the generated key folder."""

from .base import *  # noqa: F403
from .base import secret

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECRET_KEY = secret("CONVENE_DJANGO_SECRET_KEY", "cms-django.key")
WAGTAILCONVENE_SIGNING_KEY = secret("CONVENE_SIGNING_KEY", "cms-signing.key")
WAGTAILCONVENE_FIELD_KEY = secret("CONVENE_FIELD_KEY", "cms-fields.key")
