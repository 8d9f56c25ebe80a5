"""Mailer settings, read from `MAILER_*` (or shared `CONVENE_*`) variables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.common.config import CryptoConfig, Env


@dataclass(frozen=True)
class Config:
    database_url: str
    crypto: CryptoConfig
    jwt_secret: str
    sender: str = "smtp"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    from_address: str = "Convene <no-reply@convene.localhost>"
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = Env("MAILER", environ)
        data = env.data_dir()
        return cls(
            database_url=env.get("DATABASE_URL", f"sqlite:///{data / 'mailer.sqlite3'}"),
            crypto=CryptoConfig.from_env(env, "mailer"),
            jwt_secret=env.secret("JWT_SECRET", "service-jwt.key"),
            sender=env.get("SENDER", "smtp"),
            smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
            smtp_port=env.int("SMTP_PORT", 8025),
            from_address=env.get("FROM_ADDRESS", "Convene <no-reply@convene.localhost>"),
            log_level=env.get("LOG_LEVEL", "INFO"),
        )
