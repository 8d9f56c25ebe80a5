"""The grievance service: grievances and reprisal reports, receipt codes, triage."""

from __future__ import annotations

from flask import Flask

from services.common.factory import configure_logging, init_service
from services.common.gate import BodyGate

from .config import Config
from .extensions import db, migrate


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__)
    configure_logging(config.log_level)
    from . import api, blobs, cli, models  # noqa: F401 - models register their tables

    init_service(
        app, config, db, migrate, "grievance", "Convene grievance", api.BLUEPRINTS, models.TokenUse
    )
    app.extensions["grievance_blobs"] = blobs.from_config(config)
    app.extensions["grievance_body_gate"] = BodyGate(
        "grievance-reports",
        config.large_reports_at_once,
        config.large_report_wait_seconds,
        config.lock_dir or None,
    )
    app.extensions["convene_work_model"] = models.OutboxMessage  # its backlog, in /ready
    cli.register(app)
    return app
