"""Production: every secret and address from the environment; fails without them."""

import os

from .base import *  # noqa: F403
from .base import secret

DEBUG = False
ALLOWED_HOSTS = os.environ["CONVENE_ALLOWED_HOSTS"].split(",")
SECRET_KEY = secret("CONVENE_DJANGO_SECRET_KEY", "cms-django.key")
WAGTAILCONVENE_SERVICE_SECRET = secret("CONVENE_JWT_SECRET", "service-jwt.key")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
WAGTAILCONVENE_FIELD_KEY = secret("CONVENE_FIELD_KEY", "cms-fields.key")
