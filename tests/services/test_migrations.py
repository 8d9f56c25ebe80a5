"""Each service's migrations build exactly its models, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade

from services.grievance import create_app as create_grievance
from services.grievance.config import Config as GrievanceConfig
from services.mailer import create_app as create_mailer
from services.mailer.config import Config as MailerConfig
from services.registration import create_app as create_registration
from services.registration.config import Config as RegistrationConfig

from .conftest import build_app, token_keys

SERVICES = {
    "registration": (create_registration, RegistrationConfig, {"mailer_url": "http://x"}),
    "grievance": (create_grievance, GrievanceConfig, {"mailer_url": "http://x"}),
    "mailer": (create_mailer, MailerConfig, {}),
}


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_models_and_go_down_cleanly(service, database_url, crypto_config):
    create_app, config_class, extra = SERVICES[service]
    config = config_class(
        database_url=database_url, crypto=crypto_config, tokens=token_keys(service), **extra
    )
    app = build_app(create_app, config)
    db = app.extensions["sqlalchemy"]
    with app.app_context():
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.session.remove()
        db.engine.dispose()
