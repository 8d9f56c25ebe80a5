"""The Alembic environment every service's `migrations/env.py` runs (via Flask-Migrate)."""

from __future__ import annotations

import logging

from alembic import context
from flask import current_app

log = logging.getLogger("alembic.env")


def _render_item(type_, obj, autogen_context):
    # Our UTC-aware column type is plain `DateTime(timezone=True)` in the schema;
    # migrations stay free of application imports.
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    migrate = current_app.extensions["migrate"]
    engine = migrate.db.engine
    metadata = migrate.db.metadata
    config = context.config
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )

    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return

    def skip_empty(_context, _revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            log.info("No changes in schema detected.")

    args = dict(migrate.configure_args)
    args.setdefault("process_revision_directives", skip_empty)
    args.setdefault("render_item", _render_item)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, **args)
        with context.begin_transaction():
            context.run_migrations()
