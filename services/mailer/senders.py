"""Delivery backends chosen by `MAILER_SENDER`: `smtp` here, `ses` in production."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid


class BaseSender:
    """Delivers one rendered message; raises on failure so the worker retries."""

    def send(self, to: str, subject: str, body: str, language: str, message_id: str) -> str:
        raise NotImplementedError


class SMTPSender(BaseSender):
    def __init__(self, host: str, port: int, from_address: str, timeout: float = 10.0):
        self.host, self.port, self.from_address, self.timeout = host, port, from_address, timeout

    def send(self, to: str, subject: str, body: str, language: str, message_id: str) -> str:
        msg = EmailMessage()
        msg["From"] = self.from_address
        msg["To"] = to
        msg["Subject"] = subject
        msg["Message-ID"] = make_msgid(idstring=message_id, domain="convene.localhost")
        msg.set_content(body)
        msg["Content-Language"] = language  # after set_content, which clears Content-*
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(msg)
        return msg["Message-ID"]


def sender_from_config(config) -> BaseSender:
    if config.sender == "smtp":
        return SMTPSender(config.smtp_host, config.smtp_port, config.from_address)
    raise ValueError(f"unknown sender {config.sender!r}")
