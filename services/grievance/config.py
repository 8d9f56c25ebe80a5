"""Grievance settings, read from `GRIEVANCE_*` (or shared `CONVENE_*`) variables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.common.config import CryptoConfig, Env, TokenKeys

# Whose service tokens this service accepts: the CMS.
ACCEPTS = ("cms",)


@dataclass(frozen=True)
class Config:
    SIGNS = True  # its worker calls the mailer: it holds a signing key

    database_url: str
    crypto: CryptoConfig
    tokens: TokenKeys
    mailer_url: str
    receipt_pepper: str = ""  # salts receipt-code hashes (a key file, never in the database)
    acknowledge_days: int = 7
    # An urgent reprisal report (someone in danger) is acknowledged sooner. The reporting
    # path keeps dates, not times, so this is rounded down to whole days: 24 h is "by the
    # end of the next day", less than 24 h "the same day".
    urgent_acknowledge_hours: int = 24
    respond_days: int = 30
    retention_days: int = 365  # closed cases are erased this long after closing
    code_days: int = 180  # a receipt code expires this long after its last use
    unlock_minutes: int = 15
    # Wrong receipt codes per minute over everyone; past it a wrong code is answered 429
    # (a valid code is checked first and never refused).
    failed_checks_per_minute: int = 30
    urgent_to: str = ""  # the desk's focal points, told at once of urgent reports
    admin_url: str = "http://127.0.0.1:8000/admin/convene/intake/reprisals/"
    # The public website: a reporter's follow-up page is linked from the "a reply is
    # waiting" notice (`/<language>/reporting/follow-up/?region=`).
    public_url: str = "http://127.0.0.1:8000"
    s3_bucket: str | None = None  # evidence in this private bucket, else in the database
    # Days each kind of record is kept, by rule name (retention.py; docs/operations.md).
    retention: dict = field(default_factory=dict)
    # Operators told of dead letters and of a backlog older than `backlog_alert_seconds`
    # (comma-separated addresses; empty: nobody), with a link to the admin's screen.
    operators_to: str = ""
    backlog_alert_seconds: int = 3600
    dead_letters_url: str = "http://127.0.0.1:8000/admin/convene/dead-letters/"
    log_level: str = "INFO"
    # Reports over 1 MiB (evidence) received at once per machine, and how long another
    # waits for its turn before it is told to come back (services.common.gate).
    large_reports_at_once: int = 1
    large_report_wait_seconds: int = 30
    lock_dir: str = ""  # where the machine's processes share their locks (default: /tmp)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = Env("GRIEVANCE", environ)
        data = env.data_dir()
        return cls(
            database_url=env.own("DATABASE_URL") or f"sqlite:///{data / 'grievance.sqlite3'}",
            crypto=CryptoConfig.from_env(env, "grievance"),
            tokens=TokenKeys.from_env(env, "grievance", ACCEPTS, signs=cls.SIGNS),
            mailer_url=env.get("MAILER_URL", "http://127.0.0.1:8003"),
            receipt_pepper=env.secret("RECEIPT_PEPPER", "grievance-receipts.key"),
            acknowledge_days=env.int("ACKNOWLEDGE_DAYS", 7),
            urgent_acknowledge_hours=env.int("URGENT_ACKNOWLEDGE_HOURS", 24),
            respond_days=env.int("RESPOND_DAYS", 30),
            retention_days=env.int("RETENTION_DAYS", 365),
            code_days=env.int("CODE_DAYS", 180),
            unlock_minutes=env.int("UNLOCK_MINUTES", 15),
            failed_checks_per_minute=env.int("FAILED_CHECKS_PER_MINUTE", 30),
            urgent_to=env.get("URGENT_TO", "reprisal-desk@example.org"),
            admin_url=env.get("ADMIN_URL", "http://127.0.0.1:8000/admin/convene/intake/reprisals/"),
            public_url=env.get("PUBLIC_URL", env.get("CMS_URL", "http://127.0.0.1:8000")),
            s3_bucket=env.get("S3_BUCKET"),
            operators_to=env.get("OPERATORS_TO", ""),
            backlog_alert_seconds=env.int("BACKLOG_ALERT_SECONDS", 3600),
            dead_letters_url=env.get(
                "DEAD_LETTERS_URL", "http://127.0.0.1:8000/admin/convene/dead-letters/"
            ),
            log_level=env.get("LOG_LEVEL", "INFO"),
            retention=env.days("RETENTION"),
            large_reports_at_once=env.int("LARGE_REPORTS_AT_ONCE", 1),
            large_report_wait_seconds=env.int("LARGE_REPORT_WAIT_SECONDS", 30),
            lock_dir=env.get("LOCK_DIR", ""),
        )
