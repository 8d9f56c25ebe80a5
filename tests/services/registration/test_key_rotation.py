"""`flask keys rotate` then `flask keys rewrap`: old records move to the new key."""

import uuid

from sqlalchemy import select

from services.common.crypto import associated_data
from services.registration import create_app
from services.registration.extensions import db
from services.registration.models import Registration

from .conftest import make_registration


def test_rotate_then_rewrap_moves_every_value_to_the_new_key(app, client, cms, event):
    for i in range(3):
        client.post(
            "/registrations",
            json=make_registration(email=f"p{i}@example.org"),
            headers=cms | {"Idempotency-Key": uuid.uuid4().hex},
        )
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert "added kek-2" in result.output

    restarted = create_app(app.extensions["convene_config"])  # a restart loads the new key
    result = restarted.test_cli_runner().invoke(args=["keys", "rewrap"])
    assert "registrations: 9 values re-wrapped" in result.output  # name, e-mail, organisation

    with restarted.app_context():
        envelope = restarted.extensions["convene_envelope"]
        rows = db.session.scalars(select(Registration)).all()
        for row in rows:
            for column in Registration.encrypted:
                blob = getattr(row, column)
                if blob is None:
                    continue  # an optional field left empty is not stored at all
                assert envelope.key_id_of(blob) == "kek-2"
                envelope.open(blob, associated_data("registrations", column, row.id))
        emails = sorted(
            envelope.open(r.email_enc, associated_data("registrations", "email_enc", r.id))
            for r in rows
        )
        assert emails == ["p0@example.org", "p1@example.org", "p2@example.org"]
    again = restarted.test_cli_runner().invoke(args=["keys", "rewrap"])
    assert "registrations: 0 values re-wrapped" in again.output
    with restarted.app_context():
        db.session.remove()
