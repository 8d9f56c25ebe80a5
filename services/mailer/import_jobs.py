"""Import jobs: claimed by one worker at a time, run batch by batch from where they
stopped, their lease kept while they run, stopped after repeated crashes.

The reading and checking of rows is in `imports`; this module schedules it.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from services.common.crypto import associated_data
from services.common.db import utcnow

from . import contacts, helper
from .extensions import db
from .imports import BATCH, OUTCOMES, ImportRefused, prepare, process_batch, rows_of, xlsx_rows
from .models import ImportJob

log = logging.getLogger("convene.mailer.imports")
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 3  # a job whose worker died this many times is stopped, with a report


def claim_job() -> ImportJob | None:
    """The oldest queued job, or one whose worker died; leased to this worker."""
    now = utcnow()
    candidate = db.session.scalar(
        select(ImportJob.id)
        .where(
            or_(
                ImportJob.status == "queued",
                and_(ImportJob.status == "processing", ImportJob.lease_until < now),
            )
        )
        .order_by(ImportJob.created_at)
        .limit(1)
    )
    if candidate is None:
        return None
    won = db.session.execute(
        update(ImportJob)
        .where(
            ImportJob.id == candidate,
            or_(ImportJob.status == "queued", ImportJob.lease_until < now),
        )
        .values(status="processing", lease_until=now + LEASE, attempts=ImportJob.attempts + 1)
    ).rowcount
    db.session.commit()
    if not won:
        return None
    job = db.session.get(ImportJob, candidate)
    if job.attempts > MAX_ATTEMPTS:  # it ended its worker each time: stop, and say so
        _fail(job, f"The import stopped after {MAX_ATTEMPTS} attempts; send the file again.")
        return None
    return job


def run_job(job: ImportJob) -> None:
    """Process the job from where it stopped, one committed batch at a time.

    A large file is prepared (checked, indexed, sealed) in a helper process one batch
    ahead, while this process writes: the two halves of the work run on two cores.
    """
    data = contacts.envelope().open_bytes(
        job.payload_enc, associated_data("import_jobs", "payload", job.id)
    )
    try:
        if job.file_format == "xlsx":
            job.total, rows = xlsx_rows(data)
        else:
            rows = rows_of(data, job.file_format)
    except ImportRefused as refused:
        _fail(job, str(refused))
        return
    with _lease_kept(job.id):
        _import(job, rows)
    job.status = "done"
    job.payload_enc = None  # the file held personal data: forget it once imported
    db.session.commit()
    log.info("event=import.done id=%s rows=%s", job.id, job.processed)


@contextmanager
def _lease_kept(job_id) -> Iterator[None]:
    """Renew the job's lease every quarter of LEASE while it runs, from a thread with its
    own connection: a batch that takes longer than the lease is never taken over by
    another worker. A worker that dies stops renewing, and the job is taken up again."""
    stop = threading.Event()
    engine = db.engine

    def renew() -> None:
        while not stop.wait(LEASE.total_seconds() / 4):
            with engine.begin() as connection:
                connection.execute(
                    update(ImportJob.__table__)
                    .where(ImportJob.id == job_id, ImportJob.status == "processing")
                    .values(lease_until=utcnow() + LEASE)
                )

    thread = threading.Thread(target=renew, name="import-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _import(job: ImportJob, rows) -> None:
    batches = _batches(rows, job.processed)
    if job.total - job.processed <= BATCH:
        for batch in batches:
            _commit_batch(job, prepare(batch, job.mapping))
    else:
        pool = helper.pool(current_app.extensions["convene_config"].crypto)
        ahead: deque = deque()
        for batch in batches:
            ahead.append(pool.submit(prepare, batch, job.mapping))
            if len(ahead) > 1:
                _commit_batch(job, ahead.popleft().result())
        while ahead:
            _commit_batch(job, ahead.popleft().result())


def _fail(job: ImportJob, reason: str) -> None:
    """A file that cannot be imported: said once, in the report, and forgotten."""
    job.status = "failed"
    job.report = list(job.report or []) + [{"row": 0, "reason": reason}]
    job.payload_enc = None
    db.session.commit()
    log.warning("event=import.failed id=%s", job.id)


def _batches(rows, skip: int) -> Iterator[list[tuple[int, dict]]]:
    batch = []
    for number, row in enumerate(rows, start=1):
        if number <= skip:
            continue
        batch.append((number, row))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _commit_batch(job: ImportJob, prepared: list[tuple]) -> None:
    codes, problems = process_batch(job, prepared)
    counts = dict(job.counts or {})
    for code in codes:
        counts[OUTCOMES[code]] = counts.get(OUTCOMES[code], 0) + 1
    job.counts = counts
    job.outcomes = (job.outcomes or "") + codes
    job.report = list(job.report or []) + problems
    job.processed += len(prepared)
    job.lease_until = utcnow() + LEASE
    db.session.commit()
