"""The only import-time app: `gunicorn services.grievance.wsgi:app`."""

from . import create_app

app = create_app()
