"""The production profile on one machine, with real stand-ins: PostgreSQL, moto_server for
S3 / SES / KMS / SNS (provisioned by `infra.aws.provision`), `CONVENE_ENV=production`
with provisioned secrets, two registration replicas behind nginx, two registration
workers, two mailer workers, the CMS on PostgreSQL and S3 behind the TLS proxy.

Registrations go through the website while a replica is stopped; every confirmation
leaves through SES exactly once; a campaign's worker is killed and the other finishes it;
a document uploaded in the admin lands in the private bucket and is downloaded through a
short-lived presigned link."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import signal
import time
from collections import Counter
from contextlib import contextmanager
from email import message_from_string, policy
from unittest import mock

import httpx
import pytest

from infra.aws.provision import Provisioner
from infra.stack import Ports, Stack
from services.common.auth import TokenIssuer, new_signing_key, public_key_of
from tests.support.nginx import Proxy
from tests.support.ports import free_port
from tests.support.site import (
    admin_password,
    csrf,
    event_url,
    form_fields,
    login,
    track_form_url,
)

FROM = "no-reply@convene.localhost"
OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/TEST"
RECIPIENTS = 1500
BATCH = 50
# A browser posting the site's own form under Referrer-Policy: no-referrer.
BROWSER = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def key() -> str:
    return secrets.token_hex(32)


def sent_mail(moto) -> list[dict]:
    """Every raw message SES (moto_server) accepted."""
    return httpx.get(f"{moto.url}/moto-api/data.json", timeout=30).json()["ses"]["RawMessage"]


def received_by(moto, prefix: str) -> Counter:
    """How many messages each address starting with `prefix` was sent (moto lists a
    message's recipient once per header and once per envelope: counted once here)."""
    return Counter(
        address
        for message in sent_mail(moto)
        for address in set(message["destinations"])
        if address.startswith(prefix)
    )


@pytest.fixture(scope="module")
def profile(postgres, moto, tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    ports = Ports(**{name: free_port() for name in Ports.__dataclass_fields__})
    replicas = {"registration-a": free_port(), "registration-b": free_port()}
    bucket = f"convene-{secrets.token_hex(4)}"
    with mock.patch.dict(os.environ, AWS):
        done = Provisioner("eu-west-1", moto.url).all(
            "convene", bucket, FROM, f"http://127.0.0.1:{ports.mailer}/bounces/sns", OIDC
        )
    moto.client("ses").verify_email_identity(EmailAddress=FROM)  # DNS records, in real life
    names = {n: f"{n}_{secrets.token_hex(3)}" for n in ("cms", "registration", "mailer", "gr")}
    urls = {n: postgres.create_database(db) for n, db in names.items()}
    signing = {part: new_signing_key() for part in ("cms", "registration", "grievance")}
    env = {
        **AWS,
        **done.environment(),
        "CONVENE_ENV": "production",
        "CONVENE_AWS_ENDPOINT_URL": moto.url,
        "CONVENE_AWS_REGION": "eu-west-1",
        "CONVENE_SIGNING_KEY": signing["cms"],
        "REGISTRATION_SIGNING_KEY": signing["registration"],
        "GRIEVANCE_SIGNING_KEY": signing["grievance"],
        **{f"CONVENE_{p.upper()}_PUBLIC_KEY": public_key_of(k) for p, k in signing.items()},
        "REGISTRATION_BLIND_INDEX_KEY": key(),
        "MAILER_BLIND_INDEX_KEY": key(),
        "GRIEVANCE_BLIND_INDEX_KEY": key(),
        "GRIEVANCE_RECEIPT_PEPPER": key(),
        "REGISTRATION_DATABASE_URL": urls["registration"],
        "MAILER_DATABASE_URL": urls["mailer"],
        "GRIEVANCE_DATABASE_URL": urls["gr"],
        "CONVENE_DATABASE_URL": urls["cms"].replace("+psycopg", ""),
        "MAILER_FROM_ADDRESS": f"Convene <{FROM}>",
        "MAILER_BATCH_SIZE": str(BATCH),
        "MAILER_LEASE_SECONDS": "3",
        "DJANGO_SETTINGS_MODULE": "demo.settings.production",
        "CONVENE_DJANGO_SECRET_KEY": key(),
        "CONVENE_FIELD_KEY": key(),
        "CONVENE_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    stack = Stack(data_dir=folder / "data", ports=ports, extra_env=env, production=True)
    proxy = None
    try:
        stack.setup()
        for name, port in replicas.items():
            stack.gunicorn(name, port, "services.registration.wsgi:app", workers=1)
            stack.spawn(f"{name}-worker", "-m", "services.registration.worker")
        for name in ("grievance", "mailer"):
            stack.gunicorn(name, getattr(ports, name), f"services.{name}.wsgi:app", workers=1)
        stack.spawn("grievance-worker", "-m", "services.grievance.worker")
        for worker in ("mailer-worker-a", "mailer-worker-b"):
            stack.spawn(worker, "-m", "services.mailer.worker")
        balancer = (
            "\nupstream convene_registration {\n"
            + "".join(
                f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;\n"
                for p in replicas.values()
            )
            + "}\nserver {\n"
            f"    listen 127.0.0.1:{ports.registration};\n"
            "    location / {\n"
            "        proxy_set_header Host $host;\n"
            "        proxy_next_upstream error timeout http_502 non_idempotent;\n"
            "        proxy_pass http://convene_registration;\n"
            "    }\n}\n"
        )
        proxy = Proxy(folder / "nginx", stack.url("cms").removeprefix("http://"), balancer)
        for name, port in replicas.items():
            stack.wait_for(name, f"http://127.0.0.1:{port}/ready")
        for name in ("grievance", "mailer"):
            stack.wait_for(name, f"{stack.url(name)}/ready")
        proxy.start()  # the registration replicas' balancer, which the CMS calls
        stack.demo_output = stack.load_demo()
        stack.start_cms()
        yield {
            "stack": stack,
            "proxy": proxy,
            "replicas": replicas,
            "bucket": bucket,
            "provisioned": done,
            "signing": signing,
        }
    finally:
        if proxy is not None and proxy.process is not None:
            proxy.stop()
        stack.stop()


def website(profile) -> httpx.Client:
    proxy = profile["proxy"]
    return httpx.Client(base_url=proxy.base, verify=proxy.tls, timeout=60, follow_redirects=True)


@contextmanager
def signed_in(profile):
    """The demo's admin, signed in through the proxy as a browser would post."""
    with website(profile) as admin:
        admin.headers.update(BROWSER)
        login(admin, "admin", admin_password(profile["stack"].demo_output))
        yield admin


def first_collection(form_html: str) -> str:
    """The first collection offered by an add form's chooser (the root, in the demo)."""
    return form_html.split('name="collection"', 1)[1].split('value="', 1)[1].split('"', 1)[0]


def test_every_replica_is_ready_on_kms_and_postgresql(profile):
    stack = profile["stack"]
    for port in profile["replicas"].values():
        ready = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=10)
        assert ready.status_code == 200, ready.text
    for name in ("grievance", "mailer"):
        assert httpx.get(f"{stack.url(name)}/ready", timeout=10).status_code == 200
    assert httpx.get(f"{stack.url('registration')}/ready", timeout=10).status_code == 200


def test_bounces_and_complaints_are_wired_from_ses_to_the_mailer(profile, moto):
    done, stack = profile["provisioned"], profile["stack"]
    assert stack.extra_env["MAILER_SES_CONFIGURATION_SET"] == done.configuration_set
    assert stack.extra_env["MAILER_SNS_TOPIC_ARNS"] == done.topic_arn
    [destination] = moto.client("ses").describe_configuration_set(
        ConfigurationSetName=done.configuration_set,
        ConfigurationSetAttributeNames=["eventDestinations"],
    )["EventDestinations"]
    assert set(destination["MatchingEventTypes"]) == {"bounce", "complaint"}
    assert destination["SNSDestination"]["TopicARN"] == done.topic_arn
    [subscription] = moto.client("sns").list_subscriptions_by_topic(TopicArn=done.topic_arn)[
        "Subscriptions"
    ]
    assert subscription["Endpoint"] == f"{stack.url('mailer')}/bounces/sns"
    # An unsigned notification is refused by the running mailer: only SNS may suppress.
    forged = httpx.post(
        subscription["Endpoint"],
        json={"Type": "Notification", "TopicArn": done.topic_arn, "Message": "{}"},
        timeout=10,
    )
    assert forged.status_code == 403
    for service in ("registration", "grievance", "mailer"):
        key = moto.client("kms").describe_key(KeyId=f"alias/convene-{service}")["KeyMetadata"]
        assert key["Arn"] == stack.extra_env[f"{service.upper()}_KMS_KEY_ID"]
        rotation = moto.client("kms").get_key_rotation_status(KeyId=key["KeyId"])
        assert rotation["KeyRotationEnabled"] is True


def test_registrations_go_through_while_a_replica_is_down_and_each_is_confirmed_once(profile, moto):
    stack, replicas = profile["stack"], profile["replicas"]
    people = []
    with website(profile) as web:
        web.headers.update(BROWSER)
        url = track_form_url(web, event_url(web))
        for number in range(4):
            if number == 2:  # one replica goes away: the proxy sends everything to the other
                stack.processes["registration-a"][0].send_signal(signal.SIGTERM)
                stack.processes["registration-a"][0].wait(15)
            tag = secrets.token_hex(4)
            person = {
                "name": f"Canary Person {tag}",
                "email": f"canary.{tag}@example.org",
                "organisation": f"Canary Org {tag}",
                "country": "CH",
                "age_band": "30_59",
                "gender": "prefer_not_to_say",
            }
            form = web.get(url)
            sent = web.post(url, data={**form_fields(form.text), **person})
            assert sent.status_code == 200 and sent.url.path.endswith("/register/thanks/"), (
                sent.status_code,
                sent.text[-500:],
            )
            people.append(person)
    assert httpx.get(f"http://127.0.0.1:{replicas['registration-b']}/health").status_code == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        received = Counter(d for m in sent_mail(moto) for d in set(m["destinations"]))
        if all(received[p["email"]] for p in people):
            break
        time.sleep(0.5)
    time.sleep(2)  # a second worker would have sent a duplicate by now
    mails = sent_mail(moto)
    for person in people:
        mine = [m for m in mails if person["email"] in m["destinations"]]
        assert len(mine) == 1, person["email"]
        mail = message_from_string(mine[0]["raw_data"], policy=policy.default)
        assert person["name"] not in mail["Subject"] and person["email"] not in mail["Subject"]
        assert person["name"] in mail.get_body(("plain",)).get_content()
    for path in stack.log_dir.glob("*.log"):
        text = path.read_text(errors="replace")
        assert not any(p["email"] in text or p["name"] in text for p in people), path.name


def test_a_campaign_survives_a_killed_worker(profile, moto):
    stack = profile["stack"]
    issuer = TokenIssuer(profile["signing"]["cms"], "cms")

    def outreach(request: httpx.Request) -> httpx.Request:  # a fresh token per call
        token = issuer.issue("mailer", subject="user:ops", roles=["outreach"], regions=[])
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    mailer = stack.url("mailer")
    with httpx.Client(base_url=mailer, auth=outreach, timeout=60) as api:
        assert api.put("/lists/prod", json={"name": "Prod", "region": ""}).status_code in (200, 201)
        tag = secrets.token_hex(3)
        rows = "email\n" + "".join(f"c{tag}.{i}@example.org\n" for i in range(RECIPIENTS))
        imported = api.post(
            "/imports",
            data={
                "list": "prod",
                "source_kind": "global_network",
                "consent_basis": "network consent",
                "mapping": '{"email": "email"}',
            },
            files={"file": ("prod.csv", io.BytesIO(rows.encode()), "text/csv")},
        )
        assert imported.status_code in (200, 201, 202), imported.text
        job = imported.json()["id"]
        deadline = time.monotonic() + 120
        while api.get(f"/imports/{job}").json()["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, "import too slow"
            time.sleep(0.5)
        campaign = api.post(
            "/campaigns",
            json={
                "name": "Production profile",
                "versions": {"en": {"subject": "Update", "text": "Hello"}},
                "segment": {"lists": ["prod"]},
            },
        ).json()["id"]
        api.post(f"/campaigns/{campaign}/actions", json={"action": "schedule"})
        prefix = f"c{tag}."
        deadline = time.monotonic() + 120
        while sum(received_by(moto, prefix).values()) < RECIPIENTS // 4:
            assert time.monotonic() < deadline, "campaign did not start"
            time.sleep(0.2)
        victim = stack.processes["mailer-worker-a"][0]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        killed_at = sum(received_by(moto, prefix).values())
        deadline = time.monotonic() + 300
        while len(received_by(moto, prefix)) < RECIPIENTS:
            assert time.monotonic() < deadline, f"{len(received_by(moto, prefix))} received"
            time.sleep(0.5)
    time.sleep(4)  # past the lease: anything left over would have been sent twice by now
    received = received_by(moto, prefix)
    duplicates = sum(received.values()) - len(received)
    print(
        f"\nproduction profile campaign: recipients={RECIPIENTS} unique={len(received)} "
        f"duplicates={duplicates} killed_at={killed_at} batch={BATCH}"
    )
    assert len(received) == RECIPIENTS
    assert duplicates <= BATCH  # at most the dead worker's batch in flight


def test_a_document_lands_in_the_private_bucket_and_staff_download_by_presigned_link(profile, moto):
    stack = profile["stack"]
    content = b"%PDF-1.4\n% Convene production profile " + secrets.token_hex(8).encode()
    with signed_in(profile) as admin:
        form = admin.get("/admin/documents/add/")
        assert form.status_code == 200, form.text[-300:]
        added = admin.post(
            "/admin/documents/add/",
            data={
                **csrf(form.text),
                "title": "Regional review draft",
                "collection": first_collection(form.text),
            },
            files={"file": ("review-draft.pdf", content, "application/pdf")},
        )
        assert added.status_code == 200 and "/admin/documents/" in str(added.url)
        listing = admin.get("/admin/documents/", params={"q": "Regional review draft"})
        doc_id = listing.text.split("/admin/documents/edit/", 1)[1].split("/", 1)[0]
        served = admin.get(f"/documents/{doc_id}/review-draft.pdf", follow_redirects=False)
    s3 = moto.client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=profile["bucket"])["Contents"]]
    [stored] = [k for k in keys if k.startswith("cms/documents/review-draft")]
    head = s3.head_object(Bucket=profile["bucket"], Key=stored)
    assert head["ServerSideEncryption"] == "aws:kms"  # the bucket's default, from provisioning
    grants = s3.get_object_acl(Bucket=profile["bucket"], Key=stored)["Grants"]
    assert all("AllUsers" not in json.dumps(g) for g in grants)  # private
    assert served.status_code == 302
    link = served.headers["Location"]
    assert link.startswith(moto.url) and "X-Amz-Signature=" in link and "X-Amz-Expires=300" in link
    assert httpx.get(link, timeout=30).content == content
    assert not (stack.data_dir / "media" / "documents").exists()  # nothing on local disk


def test_an_image_in_the_private_bucket_is_sent_from_the_site_itself(profile, moto):
    """`img-src 'self'` forbids images from the bucket's address: the CMS sends them."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(picture, "PNG")
    with signed_in(profile) as admin:
        form = admin.get("/admin/images/add/")
        added = admin.post(
            "/admin/images/add/",
            data={
                **csrf(form.text),
                "title": "Consultation photo",
                "collection": first_collection(form.text),
            },
            files={"file": ("consultation.png", picture.getvalue(), "image/png")},
        )
        assert added.status_code == 200, added.text[-300:]
        listing = admin.get("/admin/images/", params={"q": "Consultation photo"})
        shown = re.findall(r'src="(/media/images/consultation[^"]+)"', listing.text)
        assert shown, "the admin shows the image from the site's own address"
        served = admin.get(shown[0])
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert "max-age" in served.headers["cache-control"]
    keys = [
        o["Key"] for o in moto.client("s3").list_objects_v2(Bucket=profile["bucket"])["Contents"]
    ]
    assert any(k.startswith("cms/original_images/consultation") for k in keys)
    rendition = shown[0].removeprefix("/media/")
    stored = moto.client("s3").get_object(Bucket=profile["bucket"], Key=f"cms/{rendition}")
    assert served.content == stored["Body"].read()
