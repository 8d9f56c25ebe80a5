"""Relays the outbox to the mailer: `python -m services.registration.worker`."""

from __future__ import annotations

from services.common.auth import TokenIssuer
from services.common.http import service_client
from services.common.worker import Loop, drain, worker_id

from . import create_app, services
from .extensions import db
from .models import OutboxMessage


class UnknownTopic(Exception):
    pass


def make_step(mailer):
    owner = worker_id()

    def handle(item: OutboxMessage) -> None:
        if item.topic != services.CONFIRMATION:
            raise UnknownTopic(item.topic)
        message = services.confirmation_message(item.object_id)
        if message is None:
            return
        response = mailer.post(
            "/messages", json=message, headers={"Idempotency-Key": f"registration-{item.id}"}
        )
        response.raise_for_status()

    return lambda: drain(db.session, OutboxMessage, handle, owner, "registration")


def main() -> None:
    app = create_app()
    config = app.extensions["convene_config"]
    issuer = TokenIssuer(config.jwt_secret, issuer="registration")
    with app.app_context(), service_client(config.mailer_url, issuer, "mailer") as mailer:
        Loop("registration", make_step(mailer)).run()


if __name__ == "__main__":
    main()
