"""Evidence in a private S3 bucket (moto_server): sealed before upload, opened only by
the desk through the service, and gone from the bucket when the case is erased."""

import base64
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from services.grievance import create_app
from services.grievance.config import Config
from services.grievance.extensions import db
from services.grievance.figures import purge
from services.grievance.models import Evidence

from ..conftest import service_app
from .conftest import cms, desk_member, reprisal, staff
from .test_reporting import jpeg_with_gps

BUCKET = "convene-evidence-test"


@pytest.fixture
def bucket(moto, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    s3 = moto.client("s3")
    name = f"{BUCKET}-{secrets.token_hex(4)}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return s3, name


@pytest.fixture
def app(database_url, crypto_config, moto, bucket):
    from dataclasses import replace

    crypto = replace(crypto_config, aws_endpoint_url=moto.url)
    yield from service_app(
        create_app,
        Config,
        database_url,
        crypto,
        mailer_url="http://127.0.0.1:9",
        receipt_pepper=secrets.token_hex(32),
        s3_bucket=bucket[1],
    )


def test_evidence_is_sealed_in_the_bucket_opened_by_the_desk_and_erased_with_its_case(app, bucket):
    s3, name = bucket
    client = app.test_client()
    passphrase = {"passphrase": "a long desk passphrase"}
    client.post("/desk", json=passphrase, headers=desk_member("ECE"))
    token = client.post("/desk/unlock", json=passphrase, headers=desk_member("ECE")).get_json()[
        "token"
    ]
    photo = base64.b64encode(jpeg_with_gps()).decode()
    assert (
        client.post("/reprisals", json=reprisal(evidence=[photo]), headers=cms()).status_code == 201
    )
    with app.app_context():
        item = db.session.scalars(select(Evidence)).one()
        assert item.content_enc is None  # not in the database
    [stored] = s3.list_objects_v2(Bucket=name)["Contents"]
    assert stored["Key"] == f"grievance/evidence/{item.id}"  # a random id, nothing else
    body = s3.get_object(Bucket=name, Key=stored["Key"])
    assert body["ServerSideEncryption"] == "aws:kms"
    blob = body["Body"].read()
    assert b"\xff\xd8\xff" not in blob and b"Canary" not in blob  # sealed before upload

    desk = desk_member("ECE") | {"X-Desk-Unlock": token}
    case_id = client.get("/cases?kind=reprisal", headers=desk).get_json()["items"][0]["id"]
    got = client.get(f"/cases/{case_id}/evidence/{item.id}", headers=desk)
    assert got.status_code == 200 and got.data.startswith(b"\xff\xd8\xff")
    assert client.get(f"/cases/{case_id}/evidence/{item.id}", headers=staff("ECE")).status_code in (
        403,
        404,
    )

    client.post(f"/cases/{case_id}/actions", json={"action": "close"}, headers=desk)
    with app.app_context():
        assert purge(365, date.today() + timedelta(days=366)) == 1
    assert s3.list_objects_v2(Bucket=name).get("KeyCount") == 0


def test_the_bucket_setting_comes_from_the_environment(tmp_path):
    environ = {
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_GENERATE_KEYS": "1",
        "GRIEVANCE_S3_BUCKET": "evidence-bucket",
    }
    assert Config.from_env(environ).s3_bucket == "evidence-bucket"
    assert Config.from_env({**environ, "GRIEVANCE_S3_BUCKET": ""}).s3_bucket is None


def test_a_desk_key_rotation_reseals_the_evidence_in_the_bucket(app, bucket):
    from services.common.crypto import DecryptionError, associated_data, sealing
    from services.grievance.desk import held_keys

    s3, name = bucket
    client = app.test_client()
    passphrase = "a long desk passphrase"
    client.post("/desk", json={"passphrase": passphrase}, headers=desk_member("ECE"))
    photo = base64.b64encode(jpeg_with_gps()).decode()
    client.post("/reprisals", json=reprisal(evidence=[photo]), headers=cms())
    with app.app_context():
        item = db.session.scalars(select(Evidence)).one()
        old = held_keys("cms:user:7", passphrase)
    key, aad = f"grievance/evidence/{item.id}", associated_data("evidence", "content_enc", item.id)
    before = s3.get_object(Bucket=name, Key=key)["Body"].read()

    args = ["desk", "rotate-keys", "cms:user:7", "--yes", "--passphrase-stdin"]
    result = app.test_cli_runner().invoke(args=args, input=passphrase + "\n")

    assert result.exit_code == 0, result.output
    with app.app_context():
        [(new_id, new_private)] = held_keys("cms:user:7", passphrase).items()
        assert db.session.get(Evidence, item.id).content_enc is None  # still in the bucket
    after = s3.get_object(Bucket=name, Key=key)["Body"].read()
    assert after != before and sealing.recipient_ids(after) == {new_id}
    assert sealing.unseal(after, new_id, new_private, aad).startswith(b"\xff\xd8\xff")
    for old_id, old_private in old.items():
        with pytest.raises(DecryptionError):
            sealing.unseal(after, old_id, old_private, aad)
