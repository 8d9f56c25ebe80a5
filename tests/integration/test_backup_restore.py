"""The backup-restore drill of docs/operations.md, on real parts: `pg_dump` of a service's
database (data keys wrapped by KMS in moto_server), an erasure after the backup,
`pg_restore` into a fresh PostgreSQL cluster, every record opening again, and the erasure
re-applied from the ledger (in S3) by `flask --app services.<name> erasures reapply`.
Registrations (erased by the person) and mailing-list addresses (erased on request)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid

import pytest

from infra.stack import ROOT
from services.common.config import CryptoConfig
from services.registration import create_app
from services.registration.config import Config
from services.registration.extensions import db
from services.registration.models import AuditEntry, Registration
from tests.services.conftest import PUBLIC_KEYS, SIGNING_KEYS, bearer, dispose, token_keys
from tests.services.registration.conftest import event_settings, register
from tests.services.registration.test_selfservice import token_for
from tests.support.postgres import Cluster

AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture
def drill(postgres, moto, monkeypatch, tmp_path):
    for name, value in AWS.items():
        monkeypatch.setenv(name, value)
    key_arn = moto.client("kms").create_key(Description="drill")["KeyMetadata"]["Arn"]
    bucket = f"drill-{secrets.token_hex(4)}"
    moto.client("s3").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    crypto = CryptoConfig(
        keyring="kms",
        key_dir=tmp_path / "unused",
        blind_index_key=secrets.token_bytes(32),
        kms_key_id=key_arn,
        aws_endpoint_url=moto.url,
    )
    fresh = Cluster().start()
    yield {
        "crypto": crypto,
        "ledger": f"s3://{bucket}/erasures",
        "source": postgres,
        "fresh": fresh,
        "moto": moto,
    }
    fresh.stop()


def app_on(url: str, drill: dict):
    from flask_migrate import upgrade

    config = Config(
        database_url=url,
        crypto=drill["crypto"],
        tokens=token_keys("registration"),
        mailer_url="http://127.0.0.1:9",
        erasure_ledger=drill["ledger"],
    )
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def dump(cluster, url: str, path) -> None:
    subprocess.run(
        [str(cluster.bindir / "pg_dump"), "--format=custom", f"--file={path}", libpq(url)],
        check=True,
    )


def restore(cluster, path, name: str) -> str:
    url = cluster.create_database(name)
    subprocess.run(
        [str(cluster.bindir / "pg_restore"), "--no-owner", f"--dbname={libpq(url)}", str(path)],
        check=True,
    )
    return url


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def opened(app, rid: str) -> dict:
    secretariat = bearer("registration", subject="user:7", roles=["secretariat"], regions=["ECE"])
    answer = app.test_client().get(
        f"/registrations/{rid}?reason=restore drill", headers=secretariat
    )
    return answer.get_json() if answer.status_code == 200 else {"status_code": answer.status_code}


def test_a_restored_backup_decrypts_and_erasures_since_it_are_applied_again(drill, tmp_path):
    cms = bearer("registration", roles=["cms"])
    source_url = drill["source"].create_database(f"live_{secrets.token_hex(3)}")
    live = app_on(source_url, drill)
    client = live.test_client()
    assert client.put("/events/ev-1", json=event_settings(), headers=cms).status_code == 200
    people = {}
    for who in ("erased", "kept", "other"):
        tag = secrets.token_hex(3)
        made = register(
            client, cms, name=f"Canary {who} {tag}", email=f"{who}.{tag}@example.org"
        ).get_json()
        people[who] = {"id": made["id"], "name": f"Canary {who} {tag}"}

    backup = tmp_path / "registration.dump"
    dump(drill["source"], source_url, backup)
    # After the backup: one person erases their data, another registers.
    erased = client.post(
        "/self/erase", json={"token": token_for(live, people["erased"]["id"])}, headers=cms
    )
    assert erased.status_code == 200
    later = register(client, cms, email="later@example.org").get_json()["id"]
    dispose(live, db)

    # The restore drill: a fresh cluster, the dump restored into it.
    restored_url = restore(drill["fresh"], backup, "registration")
    restored = app_on(restored_url, drill)
    for who in ("erased", "kept", "other"):  # every record opens (KMS-wrapped keys)
        assert opened(restored, people[who]["id"])["name"] == people[who]["name"]
    assert opened(restored, later)["status_code"] == 404  # after the backup: not in it

    env = {
        **os.environ,
        **AWS,
        "PYTHONPATH": str(ROOT),
        "CONVENE_DATA_DIR": str(tmp_path),
        "REGISTRATION_DATABASE_URL": restored_url,
        "REGISTRATION_KEYRING": "kms",
        "REGISTRATION_KMS_KEY_ID": drill["crypto"].kms_key_id,
        "CONVENE_AWS_ENDPOINT_URL": drill["moto"].url,
        "REGISTRATION_BLIND_INDEX_KEY": drill["crypto"].blind_index_key.hex(),
        "CONVENE_CMS_PUBLIC_KEY": PUBLIC_KEYS["cms"],
        "REGISTRATION_SIGNING_KEY": SIGNING_KEYS["registration"],
        "REGISTRATION_ERASURE_LEDGER": drill["ledger"],
    }
    command = [sys.executable, "-m", "flask", "--app", "services.registration", "erasures"]
    first = subprocess.run([*command, "reapply"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "1 erasures recorded; 1 erased again" in first.stdout
    again = subprocess.run([*command, "reapply"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert "1 erasures recorded; 0 erased again" in again.stdout  # safe to run twice

    with restored.app_context():
        db.session.expire_all()
        gone = db.session.get(Registration, uuid.UUID(people["erased"]["id"]))
        assert all(getattr(gone, column) is None for column in Registration.encrypted)
        assert gone.email_index is None and gone.status == "withdrawn"
        actions = db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.object_id == people["erased"]["id"])
        ).all()
        assert "registration.erase_reapplied" in actions
    for who in ("kept", "other"):
        assert opened(restored, people[who]["id"])["name"] == people[who]["name"]
    assert opened(restored, people["erased"]["id"]).get("name") in (None, "")
    dispose(restored, db)


def test_a_restored_mailer_forgets_an_erased_address_again(drill, tmp_path):
    from flask_migrate import upgrade

    from services.mailer import create_app as create_mailer
    from services.mailer import erasures
    from services.mailer.config import Config as MailerConfig
    from services.mailer.contacts import contact_email, find_contact, is_suppressed, new_contact
    from services.mailer.extensions import db as mailer_db

    def mailer_on(url):
        app = create_mailer(
            MailerConfig(
                database_url=url,
                crypto=drill["crypto"],
                tokens=token_keys("mailer"),
                erasure_ledger=drill["ledger"],
            )
        )
        with app.app_context():
            upgrade()
        return app

    gone, kept = "canary.gone@example.org", "canary.kept@example.org"
    source_url = drill["source"].create_database(f"mailer_{secrets.token_hex(3)}")
    live = mailer_on(source_url)
    with live.app_context():
        mailer_db.session.add_all([new_contact(gone, "Gone"), new_contact(kept, "Kept")])
        mailer_db.session.commit()
    backup = tmp_path / "mailer.dump"
    dump(drill["source"], source_url, backup)
    erased = live.test_cli_runner().invoke(args=["contacts", "erase"], input=gone + "\n")
    assert "1 addresses erased and suppressed; 1 were on a list" in erased.output
    with live.app_context():
        assert find_contact(gone) is None
    dispose(live, mailer_db)

    restored = mailer_on(restore(drill["fresh"], backup, "mailer"))
    with restored.app_context():
        assert contact_email(find_contact(gone)) == gone  # back from the backup
    runner = restored.test_cli_runner()
    assert (
        "1 erasures recorded; 1 erased again" in runner.invoke(args=["erasures", "reapply"]).output
    )
    assert (
        "1 erasures recorded; 0 erased again" in runner.invoke(args=["erasures", "reapply"]).output
    )
    with restored.app_context():
        assert find_contact(gone) is None
        assert is_suppressed(erasures.contacts.email_index(gone))  # a later import skips it
        assert contact_email(find_contact(kept)) == kept
    dispose(restored, mailer_db)
