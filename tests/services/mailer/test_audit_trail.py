"""The mailer's audit trail (issue 18): only an auditor reads it, and the read is in it."""

from __future__ import annotations

import uuid

from ..conftest import bearer
from .conftest import make_message


def test_an_auditor_reads_the_mailer_trail_and_the_read_is_audited(client, caller):
    headers = caller | {"Idempotency-Key": uuid.uuid4().hex}
    assert client.post("/messages", json=make_message(), headers=headers).status_code == 202
    auditor = bearer("mailer", subject="user:9", roles=["auditor"])
    assert client.get("/audit", headers=bearer("mailer", roles=["cms"])).status_code == 403
    page = client.get("/audit?action=message.queue", headers=auditor).get_json()
    assert [e["actor"] for e in page["items"]] == ["registration:registration"]
    assert client.get("/audit?region=ECE", headers=auditor).get_json()["total"] == 0
    reads = client.get("/audit?action=audit.read", headers=auditor).get_json()
    assert reads["total"] == 2 and reads["items"][0]["actor"] == "cms:user:9"
