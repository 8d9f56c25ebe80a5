"""The only import-time app: `gunicorn services.mailer.wsgi:app`."""

from . import create_app

app = create_app()
