"""A 10,000-recipient campaign survives three SIGKILLs of its worker.

Every recipient receives the campaign; duplicates stay within the messages in flight
(one batch) per crash. The test prints what it measured.
"""

import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter

from sqlalchemy import func, select

from infra.stack import ROOT
from services.mailer import create_app
from services.mailer.config import Config
from services.mailer.extensions import db
from services.mailer.import_jobs import claim_job, run_job
from services.mailer.models import Delivery
from tests.services.conftest import PUBLIC_KEYS, bearer
from tests.support.smtp import SMTPSink

RECIPIENTS = 10_000
BATCH = 100
KILLS_AT = (2_000, 4_500, 7_000)
TIMEOUT = 300


def test_campaign_survives_three_kills(tmp_path):
    sink = SMTPSink().start()
    env = {
        **os.environ,
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_CMS_PUBLIC_KEY": PUBLIC_KEYS["cms"],
        "MAILER_DATABASE_URL": f"sqlite:///{tmp_path / 'mailer.sqlite3'}",
        "MAILER_SMTP_PORT": str(sink.port),
        "MAILER_BATCH_SIZE": str(BATCH),
        "MAILER_LEASE_SECONDS": "2",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "services.mailer", "db", "upgrade"],
        cwd=ROOT,
        env={**env, "CONVENE_GENERATE_KEYS": "1"},
        check=True,
        capture_output=True,
    )
    app = create_app(Config.from_env(env))
    client = app.test_client()
    outreach = bearer("mailer", roles=["outreach"])
    client.put("/lists/all", json={"name": "All", "region": ""}, headers=outreach)
    rows = "email\n" + "".join(f"p{i}@example.org\n" for i in range(RECIPIENTS))
    client.post(
        "/imports",
        data={
            "list": "all",
            "source_kind": "global_network",
            "consent_basis": "network consent",
            "mapping": '{"email": "email"}',
            "file": (io.BytesIO(rows.encode()), "all.csv"),
        },
        headers=outreach,
        content_type="multipart/form-data",
    )
    with app.app_context():
        run_job(claim_job())
    cid = client.post(
        "/campaigns",
        json={
            "name": "Update",
            "versions": {"en": {"subject": "Update", "text": "Hello"}},
            "segment": {"lists": ["all"]},
        },
        headers=outreach,
    ).get_json()["id"]
    client.post(f"/campaigns/{cid}/actions", json={"action": "schedule"}, headers=outreach)

    def start_worker():
        return subprocess.Popen(
            [sys.executable, "-m", "services.mailer.worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "worker.log", "a"),  # noqa: SIM115
        )

    worker, kills = start_worker(), []
    started = time.monotonic()
    try:
        for threshold in KILLS_AT:
            while len(sink.recipients) < threshold:
                assert worker.poll() is None, "worker died on its own"
                assert time.monotonic() - started < TIMEOUT, "campaign too slow"
                time.sleep(0.05)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            kills.append(len(sink.recipients))
            worker = start_worker()
        while True:
            with app.app_context():
                remaining = db.session.scalar(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.campaign_id == Delivery.campaign_id, Delivery.outcome.is_(None))
                )
            if remaining == 0:
                break
            assert time.monotonic() - started < 300, f"{remaining} still unsent"
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(10)
        sink.stop()
    received = Counter(sink.recipients)
    duplicates = sum(received.values()) - len(received)
    elapsed = time.monotonic() - started
    print(
        f"\ncrash test: recipients={RECIPIENTS} received_unique={len(received)} "
        f"duplicates={duplicates} kills_at={kills} batch={BATCH} seconds={elapsed:.1f}"
    )
    assert len(received) == RECIPIENTS
    assert duplicates <= BATCH * len(KILLS_AT)
