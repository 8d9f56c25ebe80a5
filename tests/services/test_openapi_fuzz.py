"""Generated requests against each service's own OpenAPI document (schemathesis).

Each operation of the registration, grievance and mailer services is called with a
bounded number of generated requests, valid ones and invalid ones, by a caller that holds
the role the operation needs (a fresh token on every call: a token id acts once on a
change). Nothing may answer 5xx, and every 4xx must be the one error payload of
`services/common/factory.py` (`code`, `status`, `message`, optionally `errors`), and every
answer carries the services' security headers (`factory.SECURITY_HEADERS`).

Runs in-process on SQLite (one app per service for the module); Hypothesis is
derandomised, so a run is reproducible and a failure is found again by the next run
(`CONVENE_FUZZ_SCALE=N` multiplies the examples and draws fresh ones: by hand only).
"""

from __future__ import annotations

import contextlib
import io
import secrets
import tempfile
from pathlib import Path

import jsonschema
import pytest
import schemathesis
import sqlalchemy
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from services.common.config import CryptoConfig
from services.common.crypto import LocalKeyring
from services.common.factory import SECURITY_HEADERS
from services.grievance import create_app as grievance_app
from services.grievance.config import Config as GrievanceConfig
from services.mailer import create_app as mailer_app
from services.mailer.config import Config as MailerConfig
from services.registration import create_app as registration_app
from services.registration.config import Config as RegistrationConfig

from ..support.fuzz import SCALE, count
from .conftest import bearer, dispose, service_app, token_keys

# Generated requests per operation in the fuzzing phase; the coverage phase adds its own
# deterministic boundary and wrong-type cases (a few per parameter) on top.
MAX_EXAMPLES = 10 * SCALE
REGIONS = ["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"]
SCHEMATHESIS = {
    "seed": 17,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": SCALE == 1, "database": "none"},
    "phases": {
        "examples": {"enabled": False},
        # Wrong types, missing and out-of-range values for each parameter in turn (a
        # non-integer `offset`, say); the fuzzing phase covers valid values too.
        "coverage": {
            "enabled": True,
            "unexpected-methods": [],
            "generation": {"mode": "negative"},
        },
        "stateful": {"enabled": False},
    },
}

# Who calls each operation, as in production: the role it needs (and the caller's regions).
CMS = {"roles": ["cms"]}
SECRETARIAT = {"subject": "user:1", "roles": ["secretariat"], "regions": REGIONS}
DESK = {"subject": "user:7", "roles": ["reprisal_desk"], "regions": REGIONS}
OUTREACH = {"subject": "user:3", "roles": ["outreach"]}
AUDITOR = {"subject": "user:9", "roles": ["auditor", "reprisal_desk"], "regions": ["ECE"]}
CALLERS = {
    "registration": {
        "/events/{key}": CMS,
        "/events/{key}/statistics": CMS,
        "/registrations": {"POST": CMS, "GET": SECRETARIAT},
        "/self/": CMS,
        "/consents/": CMS,
        "/selections/{selection_id}/report": CMS,
        "/audit": AUDITOR,
        "": SECRETARIAT,  # balance, queue, export, actions, selections, floor order
    },
    "grievance": {
        "/grievances": CMS,
        "/reprisals": CMS,
        "/cases/access": CMS,
        "/cases/reply": CMS,
        "/cases/evidence": CMS,
        "/cases/consent": CMS,
        "/figures": CMS,
        "/desk": DESK,
        "/audit": AUDITOR,
        # Queues, cases, actions, evidence files: a desk member (reprisal reports too).
        "": {**DESK, "roles": ["secretariat", "reprisal_desk"]},
    },
    "mailer": {
        "/messages": {"issuer": "registration"},
        "/subscriptions": CMS,
        "/bounces/dsn": {"issuer": "registration", "roles": ["bounces"]},
        "/audit": AUDITOR,
        "": OUTREACH,  # lists, imports, templates, campaigns
    },
}


def caller(service: str, method: str, path: str) -> bearer:
    """The caller of an operation: the longest matching path prefix in `CALLERS`."""
    table = CALLERS[service]
    prefix = max((p for p in table if path.startswith(p)), key=len)
    claims = table[prefix]
    if "POST" in claims or "GET" in claims:
        claims = claims[method.upper()]
    return bearer(service, **claims)


def _crypto(tmp) -> CryptoConfig:
    LocalKeyring.add_key(tmp / "keys")
    return CryptoConfig(
        keyring="local", key_dir=tmp / "keys", blind_index_key=secrets.token_bytes(32)
    )


SERVICES = {
    "registration": (
        registration_app,
        RegistrationConfig,
        {"mailer_url": "http://127.0.0.1:9", "public_url": "https://convene.example"},
    ),
    "grievance": (
        grievance_app,
        GrievanceConfig,
        {
            "mailer_url": "http://127.0.0.1:9",
            "receipt_pepper": secrets.token_hex(32),
            # Generated codes are wrong codes: the flood limit would answer 429 to the rest.
            "failed_checks_per_minute": 1_000_000,
            "urgent_to": "desk@example.org",
        },
    ),
    "mailer": (mailer_app, MailerConfig, {"smtp_port": 9}),
}


def _apps(service: str, tmp: Path, migrate: bool = True):
    create_app, config_class, settings = SERVICES[service]
    if service != "grievance":
        settings = {**settings, "erasure_ledger": str(tmp / "erasures")}
    url = f"sqlite:///{tmp / 'service.sqlite3'}"
    if migrate:
        yield from service_app(create_app, config_class, url, _crypto(tmp), **settings)
        return
    config = config_class(
        database_url=url, crypto=_crypto(tmp), tokens=token_keys(service), **settings
    )
    app = create_app(config)
    yield app
    dispose(app, app.extensions["sqlalchemy"])


def _schema(service: str):
    """The service's OpenAPI document as its app serves it, loaded when this module is.

    Built at import because schemathesis's lazy loader (`pytest.from_fixture`) breaks on
    pytest 9.2's node ids; the requests themselves go to the module's `apps` fixture.
    """
    with tempfile.TemporaryDirectory() as tmp:
        for app in _apps(service, Path(tmp), migrate=False):
            document = app.test_client().get("/openapi.json").get_json()
    schema = schemathesis.openapi.from_dict(
        document, config=schemathesis.Config.from_dict(SCHEMATHESIS)
    )
    schema.hook(_with_known_ids(service))
    return schema


def _no_fsync(app) -> None:
    """Thousands of commits on a throwaway database: no need to wait for the disk."""

    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine

        @sqlalchemy.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA synchronous=OFF")

        engine.dispose()


# Ids of what `_seed` stored, by path parameter name: the fuzzing phase draws each path
# parameter from what it generated and these, so that operations on one resource reach
# past "not found" (filled in by the `apps` fixture before any request is generated).
KNOWN: dict[str, dict[str, list]] = {service: {} for service in SERVICES}


def _with_known_ids(service: str):
    def before_generate_path_parameters(context, strategy):
        def some_known(parameters):
            if not isinstance(parameters, dict):
                return st.just(parameters)
            return st.fixed_dictionaries(
                {
                    name: st.sampled_from([value, *KNOWN[service].get(name, [])])
                    for name, value in parameters.items()
                }
            )

        return strategy.flatmap(some_known)

    return before_generate_path_parameters


def _seed(service: str, app) -> dict[str, list]:
    """A few stored resources of each kind, made through the API as a client would."""
    client = app.test_client()
    if service == "registration":
        from tests.services.registration.conftest import event_settings, make_registration

        cms = bearer("registration", **CMS)
        assert client.put("/events/ev-1", json=event_settings(), headers=cms).status_code == 200
        headers = cms | {"Idempotency-Key": "fuzz-seed-0001"}
        made = client.post("/registrations", json=make_registration(), headers=headers)
        return {"key": ["ev-1"], "registration_id": [made.get_json()["id"]]}
    if service == "grievance":
        from tests.services.grievance.conftest import grievance, reprisal

        cms = bearer("grievance", **CMS)
        for path, body in (("/grievances", grievance()), ("/reprisals", reprisal())):
            assert client.post(path, json=body, headers=cms).status_code == 201
        staff = bearer("grievance", **CALLERS["grievance"][""])
        ids = [
            item["id"]
            for kind in ("grievance", "reprisal")
            for item in client.get(f"/cases?kind={kind}", headers=staff).get_json()["items"]
        ]
        return {"case_id": ids}
    outreach = bearer("mailer", **OUTREACH)
    assert client.put("/lists/ece", json={"name": "ECE"}, headers=outreach).status_code == 200
    template = {"name": "News", "versions": {"en": {"subject": "Hello", "text": "Hi {{ name }}"}}}
    assert client.put("/templates/news", json=template, headers=outreach).status_code == 200
    form = {
        "list": "ece",
        "source_kind": "network_member",
        "consent_basis": "their own consent records",
        "file": (io.BytesIO(b"Email;Name\nana@example.org;Ana\n"), "members.csv"),
    }
    job = client.post("/imports", data=form, headers=outreach, content_type="multipart/form-data")
    campaign = client.post(
        "/campaigns", json={"name": "Fuzz", "template": "news"}, headers=outreach
    )
    message = client.post(
        "/messages",
        json={
            "template": "registration_confirmation",
            "to": "ana@example.org",
            "context": {"name": "Ana", "event_title": "Consultation", "reference": "AB12CD34"},
        },
        headers=bearer("mailer", issuer="registration") | {"Idempotency-Key": "fuzz-seed-0001"},
    )
    return {
        "key": ["ece", "news"],
        "job_id": [job.get_json()["id"]],
        "campaign_id": [campaign.get_json()["id"]],
        "message_id": [message.get_json()["id"]],
    }


def _unlocked_desk(app) -> str:
    """The desk created and unlocked by its member (DESK): the grievance calls carry the
    unlock, so that reprisal reports and the desk's own operations are reached."""
    client, passphrase = app.test_client(), "a long desk passphrase for the fuzz"
    created = client.post(
        "/desk", json={"passphrase": passphrase}, headers=bearer("grievance", **DESK)
    )
    assert created.status_code == 201, created.get_json()
    unlocked = client.post(
        "/desk/unlock", json={"passphrase": passphrase}, headers=bearer("grievance", **DESK)
    )
    return unlocked.get_json()["token"]


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """One app per service on a migrated SQLite database, for the whole module."""
    stack = contextlib.ExitStack()
    built = {}
    for service in SERVICES:
        runs = _apps(service, tmp_path_factory.mktemp(service))
        built[service] = next(runs)
        _no_fsync(built[service])
        stack.callback(next, runs, None)
    built["unlock"] = _unlocked_desk(built["grievance"])
    for service in SERVICES:
        KNOWN[service].update(_seed(service, built[service]))
    with stack:
        yield built


def _error_validator(document: dict) -> jsonschema.Draft202012Validator:
    schema = _ERROR_VALIDATORS.get(id(document))
    if schema is None:
        error = document["components"]["schemas"]["Error"]
        schema = jsonschema.Draft202012Validator(
            {**error, "required": ["code", "status", "message"]}
        )
        _ERROR_VALIDATORS[id(document)] = schema
    return schema


_ERROR_VALIDATORS: dict = {}


@schemathesis.check
def one_error_payload(ctx, response, case):
    """Every 4xx is the one error payload: the document's `Error`, with a message and
    the response's own status code."""
    if not 400 <= response.status_code < 500:
        return None
    body = response.json()
    _error_validator(case.operation.schema.raw_schema).validate(body)
    assert body["code"] == response.status_code, body
    assert body["message"].strip(), body
    return True


@schemathesis.check
def security_headers(ctx, response, case):
    """Every answer says: run nothing, frame nothing, sniff nothing, keep no copy."""
    for name, value in SECURITY_HEADERS.items():
        sent = response.headers.get(name.lower(), [""])[0]
        assert value in sent, (name, sent)
    return True


CHECKS = [not_a_server_error, one_error_payload, security_headers]


def _call(apps, service: str, case) -> None:
    count(f"schemathesis.{service}")
    headers = {"Authorization": caller(service, case.method, case.path)["Authorization"]}
    if service == "grievance":
        headers["X-Desk-Unlock"] = apps["unlock"]
    case.call_and_validate(headers=headers, checks=CHECKS, app=apps[service])


@_schema("registration").parametrize()
def test_registration_answers_no_5xx_and_one_error_payload(apps, case):
    _call(apps, "registration", case)


@_schema("grievance").parametrize()
def test_grievance_answers_no_5xx_and_one_error_payload(apps, case):
    _call(apps, "grievance", case)


@_schema("mailer").parametrize()
def test_mailer_answers_no_5xx_and_one_error_payload(apps, case):
    _call(apps, "mailer", case)


def test_a_test_send_without_an_address_is_refused(apps):
    # Found by schemathesis (POST /templates/{key}/test with `{}`): the address defaulted
    # to None and sealing it answered 500.
    client, outreach = apps["mailer"].test_client(), bearer("mailer", **OUTREACH)
    refused = client.post("/templates/news/test", json={}, headers=outreach)
    assert refused.status_code == 422 and "to" in refused.get_json()["errors"]["json"]
    sent = client.post("/templates/news/test", json={"to": "ana@example.org"}, headers=outreach)
    assert sent.status_code == 202
