"""Start-up refusal of unsafe settings in production (`CONVENE_ENV=production`).

A service in production will not start with a missing, default or short secret, with
keys generated on the fly, with debugging on, or on SQLite: each problem is named so the
operator can fix them all at once."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .errors import ConfigError

WEAK = {"secret", "changeme", "change-me", "password", "dev", "test", "insecure"}
MIN_SECRET_CHARS = 32
TRUE = {"1", "true", "yes", "on"}


def is_production(environ: Mapping[str, str] | None = None) -> bool:
    return (environ if environ is not None else os.environ).get("CONVENE_ENV") == "production"


def weak(value: str | bytes | None) -> bool:
    if value is None:
        return True
    text = value.hex() if isinstance(value, bytes) else value
    return len(text) < MIN_SECRET_CHARS or text.strip().lower() in WEAK


def is_key(value: str) -> bool:
    """An Ed25519 key as configured: 32 bytes in hex."""
    try:
        return len(bytes.fromhex(value)) == 32 and len(set(value)) > 4
    except (TypeError, ValueError):
        return False


def problems(config, environ: Mapping[str, str]) -> list[str]:
    found = []
    if environ.get("CONVENE_GENERATE_KEYS") == "1":
        found.append("CONVENE_GENERATE_KEYS=1: provision keys, do not generate them")
    if environ.get("FLASK_DEBUG", "").lower() in TRUE:
        found.append("FLASK_DEBUG is on")
    if str(config.database_url).startswith("sqlite"):
        found.append("the database is SQLite: production needs PostgreSQL")
    if getattr(config, "sender", None) == "ses" and not getattr(config, "sns_topic_arns", ()):
        found.append("MAILER_SNS_TOPIC_ARNS is empty: SES bounces cannot be trusted")
    if getattr(config, "sns_cert_prefixes", ()):
        found.append("MAILER_SNS_CERT_PREFIXES is set: it trusts certificates beyond AWS")
    secrets = {"the blind-index key": config.crypto.blind_index_key}
    if config.tokens.signing_key or getattr(config, "SIGNS", False):
        if not is_key(config.tokens.signing_key):
            found.append("the service signing key is missing or not 64 hex digits (Ed25519)")
        secrets["the service signing key"] = config.tokens.signing_key
    for issuer, public in config.tokens.issuer_keys.items():
        if not is_key(public):
            found.append(f"the public key of {issuer} is not 64 hex digits (Ed25519)")
    for name in ("receipt_pepper",):
        if hasattr(config, name):
            secrets[f"the {name.replace('_', ' ')}"] = getattr(config, name)
    for label, value in secrets.items():
        if weak(value):
            found.append(f"{label} is missing, a default or shorter than {MIN_SECRET_CHARS}")
    return found


def refuse_unsafe(config, environ: Mapping[str, str] | None = None) -> None:
    environ = os.environ if environ is None else environ
    if not is_production(environ):
        return
    found = problems(config, environ)
    if found:
        raise ConfigError("refusing to start in production: " + "; ".join(found))
