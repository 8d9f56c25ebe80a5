"""Alembic environment: shared by every service, see `services.common.migrations`."""

from services.common.migrations import run_migrations

run_migrations()
