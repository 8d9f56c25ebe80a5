"""The only import-time app: `gunicorn services.registration.wsgi:app`."""

from . import create_app

app = create_app()
