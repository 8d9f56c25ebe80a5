"""The registration service: meetings' registration, eligibility, consent, selection."""

from __future__ import annotations

from flask import Flask

from services.common.factory import configure_logging, init_service

from .config import Config
from .extensions import db, migrate


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__)
    configure_logging(config.log_level)
    from . import api, cli, models  # noqa: F401 - models register their tables

    init_service(
        app,
        config,
        db,
        migrate,
        "registration",
        "Convene registration",
        api.BLUEPRINTS,
        models.TokenUse,
    )
    app.extensions["convene_work_model"] = models.OutboxMessage  # its backlog, in /ready
    cli.register(app)
    return app
