"""Bulk work (imports, campaign expansion) runs apart from transactional mail, keeps its
lease while it runs, and a job that keeps killing its worker stops with a report."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.common.db import utcnow
from services.common.worker import Loop
from services.mailer import import_jobs
from services.mailer.extensions import db
from services.mailer.models import ImportJob, MailingList
from services.mailer.senders import SMTPSender
from services.mailer.worker import make_step, start_bulk

from .conftest import make_message


def a_job(app, **columns) -> uuid.UUID:
    with app.app_context():
        lists = MailingList(key=f"l-{uuid.uuid4().hex[:6]}", name="L")
        db.session.add(lists)
        db.session.flush()
        job = ImportJob(
            list_id=lists.id, source_kind="partner", file_format="csv", payload_enc=b"x", **columns
        )
        db.session.add(job)
        db.session.commit()
        return job.id


def test_a_long_import_never_delays_a_confirmation(app, client, caller, smtp_sink, monkeypatch):
    a_job(app)
    importing, finish = threading.Event(), threading.Event()

    def slow_import(job):
        importing.set()
        finish.wait(10)

    monkeypatch.setattr(import_jobs, "run_job", slow_import)
    headers = caller | {"Idempotency-Key": uuid.uuid4().hex}
    assert client.post("/messages", json=make_message(), headers=headers).status_code == 202
    sender = SMTPSender("127.0.0.1", smtp_sink.port, "Convene <no-reply@convene.localhost>")
    with app.app_context():
        loop = Loop("mailer", make_step(sender, bulk=False), 0.05, db.session)
        bulk = start_bulk(app, loop)
        try:
            assert importing.wait(5)  # the import has started, and takes its time
            assert loop.step() == 1  # the confirmation goes out meanwhile
            assert len(smtp_sink.wait_for(1)) == 1
        finally:
            finish.set()
            loop.stop()
            bulk.join(5)
    assert not bulk.is_alive()


def test_a_running_import_keeps_its_lease(app, monkeypatch):
    job_id = a_job(app)
    monkeypatch.setattr(import_jobs, "LEASE", timedelta(seconds=0.4))
    taken = []

    def another_worker():
        with app.app_context():
            taken.append(import_jobs.claim_job())

    def slow(job, rows):
        time.sleep(1.0)  # past the lease twice over: were it not renewed, it could be taken
        thread = threading.Thread(target=another_worker)
        thread.start()
        thread.join()

    monkeypatch.setattr(import_jobs, "_import", slow)
    monkeypatch.setattr(import_jobs, "rows_of", lambda data, file_format: iter(()))
    monkeypatch.setattr(import_jobs.contacts, "envelope", lambda: _Plain())
    with app.app_context():
        import_jobs.run_job(import_jobs.claim_job())
        assert db.session.get(ImportJob, job_id).status == "done"
    assert taken == [None]


class _Plain:
    def open_bytes(self, blob, aad):
        return blob


@pytest.mark.parametrize("crashes", [3])
def test_a_job_that_keeps_killing_its_worker_stops_with_a_report(app, crashes):
    job_id = a_job(app)
    with app.app_context():
        for _ in range(crashes):  # claimed, then the worker dies: the lease runs out
            assert import_jobs.claim_job() is not None
            db.session.execute(
                ImportJob.__table__.update().values(lease_until=utcnow() - timedelta(seconds=1))
            )
            db.session.commit()
        assert import_jobs.claim_job() is None
        job = db.session.get(ImportJob, job_id)
        assert job.status == "failed" and job.payload_enc is None
        assert "stopped after 3 attempts" in job.report[-1]["reason"]
        assert db.session.scalars(select(ImportJob.status)).all() == ["failed"]
