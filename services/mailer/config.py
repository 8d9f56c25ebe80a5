"""Mailer settings, read from `MAILER_*` (or shared `CONVENE_*`) variables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.common.config import CryptoConfig, Env, TokenKeys, default_ledger

# Whose service tokens this service accepts: the CMS and the two other services.
ACCEPTS = ("cms", "registration", "grievance")


@dataclass(frozen=True)
class Config:
    database_url: str
    crypto: CryptoConfig
    tokens: TokenKeys
    sender: str = "smtp"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    from_address: str = "Convene <no-reply@convene.localhost>"
    max_rate: float = 0.0
    batch_size: int = 100
    # SMTP connections a worker sends a batch over at once (their round trips overlap).
    connections: int = 2
    lease_seconds: int = 300
    # Confirmation, link, consent and nomination mails (anyone can cause them by typing an
    # address into a public form) one address may receive a day; suppressed ones get none.
    recipient_daily_limit: int = 3
    # A newsletter request for an address already waiting to confirm sends nothing new
    # until this long after the last confirmation.
    confirmation_resend_hours: int = 24
    public_url: str = "http://127.0.0.1:8000"
    aws_region: str = "eu-west-1"
    aws_endpoint_url: str | None = None
    ses_configuration_set: str | None = None
    sns_topic_arns: tuple[str, ...] = ()
    # Extra URL prefixes trusted for SNS signing certificates (tests; never in production).
    sns_cert_prefixes: tuple[str, ...] = ()
    # A Maildir the relay delivers bounces (DSNs) to; read by the worker when set.
    bounce_maildir: str | None = None
    # Where erasures are recorded apart from the database (a folder or s3://bucket/prefix).
    erasure_ledger: str | None = None
    # Days each kind of record is kept, by rule name (retention.py; docs/operations.md).
    retention: dict = field(default_factory=dict)
    # Operators told of dead letters and of a backlog older than `backlog_alert_seconds`
    # (comma-separated addresses; empty: nobody), with a link to the admin's screen.
    operators_to: str = ""
    # Bounce and complaint rates are measured over this window, once this many were sent.
    rate_window_hours: int = 24
    rate_min_sent: int = 200
    backlog_alert_seconds: int = 3600
    dead_letters_url: str = "http://127.0.0.1:8000/admin/convene/dead-letters/"
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = Env("MAILER", environ)
        data = env.data_dir()
        return cls(
            database_url=env.own("DATABASE_URL") or f"sqlite:///{data / 'mailer.sqlite3'}",
            crypto=CryptoConfig.from_env(env, "mailer"),
            tokens=TokenKeys.from_env(env, "mailer", ACCEPTS, signs=False),
            sender=env.get("SENDER", "smtp"),
            smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
            smtp_port=env.int("SMTP_PORT", 8025),
            from_address=env.get("FROM_ADDRESS", "Convene <no-reply@convene.localhost>"),
            max_rate=float(env.get("MAX_RATE", "0")),
            batch_size=env.int("BATCH_SIZE", 100),
            connections=env.int("CONNECTIONS", 2),
            lease_seconds=env.int("LEASE_SECONDS", 300),
            recipient_daily_limit=env.int("RECIPIENT_DAILY_LIMIT", 3),
            confirmation_resend_hours=env.int("CONFIRMATION_RESEND_HOURS", 24),
            public_url=env.get("PUBLIC_URL", env.get("CMS_URL", "http://127.0.0.1:8000")),
            aws_region=env.get("AWS_REGION", "eu-west-1"),
            aws_endpoint_url=env.get("AWS_ENDPOINT_URL"),
            ses_configuration_set=env.get("SES_CONFIGURATION_SET"),
            sns_topic_arns=tuple(a for a in env.get("SNS_TOPIC_ARNS", "").split(",") if a),
            sns_cert_prefixes=tuple(p for p in env.get("SNS_CERT_PREFIXES", "").split(",") if p),
            bounce_maildir=env.get("BOUNCE_MAILDIR"),
            erasure_ledger=env.get("ERASURE_LEDGER", default_ledger(env)),
            operators_to=env.get("OPERATORS_TO", ""),
            rate_window_hours=env.int("RATE_WINDOW_HOURS", 24),
            rate_min_sent=env.int("RATE_MIN_SENT", 200),
            backlog_alert_seconds=env.int("BACKLOG_ALERT_SECONDS", 3600),
            dead_letters_url=env.get(
                "DEAD_LETTERS_URL", "http://127.0.0.1:8000/admin/convene/dead-letters/"
            ),
            log_level=env.get("LOG_LEVEL", "INFO"),
            retention=env.days("RETENTION"),
        )
