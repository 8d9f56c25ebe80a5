"""`gunicorn demo.wsgi` (with `cms/` on the path)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings.dev")
application = get_wsgi_application()
