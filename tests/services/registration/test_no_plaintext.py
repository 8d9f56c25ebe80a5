"""Canary values planted in every personal field appear neither in the database file nor
in the logs, through registering, reviewing, self-service and erasure."""

import logging
import os
import uuid

import pytest

from .conftest import register, secretariat

CANARIES = {
    "name": "Zyx Canary-Name",
    "email": "zyx.canary-mail@example.org",
    "phone": "+41 79 555 12 34",
    "organisation": "Zyx Canary-Org",
    "organisation_website": "https://zyx-canary-site.example",
    "accessibility_needs": "zyx-canary-access",
    "interpretation_needs": "zyx-canary-interp",
    "statement": "zyx-canary-statement",
    "focal_point_name": "Zyx Canary-Focal",
    "focal_point_email": "zyx.canary-focal@example.org",
    "guardian_email": "zyx.canary-guardian@example.org",
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_personal_value_reaches_the_database_file_or_the_logs(
    app, client, cms, event, database_url, caplog
):
    caplog.set_level(logging.DEBUG)
    response = register(
        client,
        cms,
        track="floor",
        category="civil_society",
        age_band="under_18",
        key=uuid.uuid4().hex,
        **CANARIES,
    )
    assert response.status_code == 201, response.get_json()
    rid = response.get_json()["id"]
    staff = secretariat("ECE")
    client.get(f"/registrations/{rid}?reason=canary check", headers=staff)
    client.post(
        f"/registrations/{rid}/actions",
        json={"action": "note", "note": "zyx-canary-note"},
        headers=secretariat("ECE"),
    )
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()  # flush the WAL into the file
    path = database_url.removeprefix("sqlite:///")
    files = [p for p in (path, path + "-wal") if os.path.exists(p)]
    stored = b"".join(open(p, "rb").read() for p in files).lower()
    for value in [*CANARIES.values(), "zyx-canary-note"]:
        assert value.lower().encode() not in stored, value
        assert value not in caplog.text, value
