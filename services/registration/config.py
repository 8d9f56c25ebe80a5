"""Registration settings, read from `REGISTRATION_*` (or shared `CONVENE_*`) variables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.common.config import CryptoConfig, Env, TokenKeys, default_ledger

# Whose service tokens this service accepts: the CMS.
ACCEPTS = ("cms",)


@dataclass(frozen=True)
class Config:
    SIGNS = True  # its worker calls the mailer: it holds a signing key

    database_url: str
    crypto: CryptoConfig
    tokens: TokenKeys
    mailer_url: str
    # The website, for the links in e-mails ("my registration", consents).
    public_url: str = "http://127.0.0.1:8000"
    # The mailer list that "receive updates" subscribes to.
    updates_list: str = "updates"
    # "Send me my link" mails one registration's link at most once in this many minutes
    # (the mailer adds its own limit per address and day).
    link_cooldown_minutes: int = 15
    # Where erasures are recorded apart from the database (a folder or s3://bucket/prefix).
    erasure_ledger: str | None = None  # None: erasing is refused (nowhere to record it)
    # Operators told of dead letters and of a backlog older than `backlog_alert_seconds`
    # (comma-separated addresses; empty: nobody), with a link to the admin's screen.
    operators_to: str = ""
    backlog_alert_seconds: int = 3600
    dead_letters_url: str = "http://127.0.0.1:8000/admin/convene/dead-letters/"
    log_level: str = "INFO"
    # Days each kind of record is kept, by rule name (retention.py; docs/operations.md).
    retention: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = Env("REGISTRATION", environ)
        data = env.data_dir()
        return cls(
            database_url=env.own("DATABASE_URL") or f"sqlite:///{data / 'registration.sqlite3'}",
            crypto=CryptoConfig.from_env(env, "registration"),
            tokens=TokenKeys.from_env(env, "registration", ACCEPTS, signs=cls.SIGNS),
            mailer_url=env.get("MAILER_URL", "http://127.0.0.1:8003"),
            public_url=env.get("PUBLIC_URL", env.get("CMS_URL", "http://127.0.0.1:8000")),
            updates_list=env.get("UPDATES_LIST", "updates"),
            link_cooldown_minutes=env.int("LINK_COOLDOWN_MINUTES", 15),
            erasure_ledger=env.get("ERASURE_LEDGER", default_ledger(env)),
            operators_to=env.get("OPERATORS_TO", ""),
            backlog_alert_seconds=env.int("BACKLOG_ALERT_SECONDS", 3600),
            dead_letters_url=env.get(
                "DEAD_LETTERS_URL", "http://127.0.0.1:8000/admin/convene/dead-letters/"
            ),
            log_level=env.get("LOG_LEVEL", "INFO"),
            retention=env.days("RETENTION"),
        )
