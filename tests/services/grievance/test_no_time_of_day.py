"""What is stored about a report never tells when in the day it was made (issue 16): a
reporter may be known to have been at a meeting, or at a border post, at that hour.

Ids on the reporting side are random (UUIDv4), not time-ordered (UUIDv7 carries the
millisecond), and every stored date-time of a report, its messages, evidence, audit and
outbox rows is the day only.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from services.grievance.extensions import db

from .conftest import cms, grievance, reprisal


def stored_values(app) -> list[tuple[str, str, object]]:
    with app.app_context():
        found = []
        for table in db.metadata.sorted_tables:
            if table.name in ("desk_keys", "reviewer_keys", "unlocks", "alembic_version"):
                continue  # the desk's own keys and sessions, not reports
            for row in db.session.execute(select(table)).mappings():
                for column, value in row.items():
                    found.append((table.name, column, value))
        return found


def test_no_stored_id_or_value_reveals_a_time_of_day(app, client, desk):
    import base64

    from .test_reporting import jpeg_with_gps

    photo = base64.b64encode(jpeg_with_gps()).decode()
    body = reprisal(contact={"name": "C", "email": "c@example.org"}, evidence=[photo])
    sent = client.post("/reprisals", json=body, headers=cms())
    assert sent.status_code == 201, sent.get_json()
    filed = client.post("/grievances", json=grievance(), headers=cms())
    assert filed.status_code == 201, filed.get_json()
    code = filed.get_json()["code"]
    client.post("/cases/access", json={"code": code}, headers=cms())
    replied = client.post("/cases/reply", json={"code": code, "text": "More."}, headers=cms())
    assert replied.status_code == 200, replied.get_json()

    values = stored_values(app)
    assert values, "nothing stored"
    problems = []
    for table, column, value in values:
        if isinstance(value, uuid.UUID) and value.version == 7:
            problems.append(f"{table}.{column} is a UUIDv7 (it carries the time)")
        if isinstance(value, str):
            try:
                parsed = uuid.UUID(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.version == 7:
                problems.append(f"{table}.{column} holds a UUIDv7")
        if table == "audit_entries" and column == "at":
            continue  # staff actions are timed, for accountability; none dates a report
        if isinstance(value, datetime) and (value.hour, value.minute, value.second) != (0, 0, 0):
            problems.append(f"{table}.{column} = {value.isoformat()} (a time of day)")
    assert not problems, "\n".join(sorted(set(problems)))
