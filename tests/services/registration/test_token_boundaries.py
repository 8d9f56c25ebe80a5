"""Issue 16, path 2: one part taken over speaks only as itself.

Every key and value the mailer holds in a deployment (its own folder of
`python -m infra.secrets`, the public keys, its key-encryption keys) is tried as a key
to mint a token that the registration service would accept: none is accepted. A token
copied from a call that changed something is refused the second time.
"""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infra.secrets import generate
from services.common.auth import AuthError, TokenIssuer, TokenVerifier
from services.mailer.config import Config as MailerConfig
from services.registration.config import Config as RegistrationConfig

from ..conftest import bearer
from .conftest import make_registration


def deployed_env(folder: Path, part: str) -> dict:
    """The environment infra/compose.yaml gives a part: its own files and public keys."""
    prefix = part.upper()
    env = {
        "CONVENE_DATA_DIR": str(folder / "data"),
        f"{prefix}_DATABASE_URL": f"sqlite:///{folder / part}.sqlite3",
        f"{prefix}_BLIND_INDEX_KEY_FILE": str(folder / part / "index_key"),
        f"{prefix}_KEY_DIR": str(folder / part / "keys"),
    }
    if (folder / part / "signing_key").exists():
        env[f"{prefix}_SIGNING_KEY_FILE"] = str(folder / part / "signing_key")
    for issuer in ("cms", "registration", "grievance"):
        env[f"CONVENE_{issuer.upper()}_PUBLIC_KEY_FILE"] = str(folder / "public" / f"{issuer}.pub")
    return env


def candidate_keys(folder: Path, mailer: MailerConfig) -> list[bytes]:
    """Everything the mailer holds that could serve as a key."""
    held = [mailer.crypto.blind_index_key, mailer.database_url.encode()]
    held += [key.encode() for key in mailer.tokens.issuer_keys.values()]
    held += [bytes.fromhex(key) for key in mailer.tokens.issuer_keys.values()]
    held += [path.read_bytes() for path in (folder / "mailer").rglob("*") if path.is_file()]
    return held


def forgeries(held: bytes) -> list[str]:
    now = int(time.time())
    claims = {"iss": "cms", "aud": "registration", "sub": "cms", "jti": "forged"}
    claims |= {"iat": now, "exp": now + 30, "roles": ["secretariat"], "regions": ["ECE"]}
    tokens = [jwt.encode(claims, held, algorithm="HS256", headers={"kid": "cms"})]
    seeds = [held[:32]]
    try:
        seeds.append(bytes.fromhex(held.decode().strip())[:32])
    except ValueError:
        pass  # not a hex text
    for seed in seeds:
        if len(seed) == 32:
            key = Ed25519PrivateKey.from_private_bytes(seed)
            tokens.append(jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": "cms"}))
    return tokens


def test_nothing_the_mailer_holds_mints_a_token_registration_accepts(tmp_path):
    folder = tmp_path / "secrets"
    generate(folder)
    mailer = MailerConfig.from_env(deployed_env(folder, "mailer"))
    registration = RegistrationConfig.from_env(deployed_env(folder, "registration"))
    assert mailer.tokens.signing_key == ""  # it calls no other part: it holds no key
    check = TokenVerifier(registration.tokens.issuer_keys, "registration")
    genuine = TokenIssuer((folder / "cms" / "signing_key").read_text().strip(), "cms")
    assert check.verify(genuine.issue("registration")).issuer == "cms"  # the real one works

    tried = 0
    for held in candidate_keys(folder, mailer):
        for forged in forgeries(held):
            tried += 1
            with pytest.raises(AuthError):
                check.verify(forged)
    assert tried >= 10
    # The registration's own worker key cannot speak for the CMS either.
    own = TokenIssuer(registration.tokens.signing_key, "registration")
    with pytest.raises(AuthError, match="unknown issuer"):
        check.verify(own.issue("registration", roles=["secretariat"]))


def test_a_token_used_for_a_change_is_refused_the_second_time(client, event):
    once = bearer("registration", roles=["cms"]).token()
    headers = {"Authorization": f"Bearer {once}"}
    first = client.post(
        "/registrations",
        json=make_registration(),
        headers=headers | {"Idempotency-Key": "key-first-1"},
    )
    assert first.status_code == 201, first.get_json()
    replayed = client.post(
        "/registrations",
        json=make_registration(email="other.canary@example.org"),
        headers=headers | {"Idempotency-Key": "k2-other-request"},
    )
    assert replayed.status_code == 401
    assert replayed.get_json()["message"] == "the service token was already used"
    # Reading with a token is not spending it.
    reader = {"Authorization": f"Bearer {bearer('registration', roles=['cms']).token()}"}
    assert client.get("/events/ev-1", headers=reader).status_code == 200
    assert client.get("/events/ev-1", headers=reader).status_code == 200
