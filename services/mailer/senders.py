"""Delivery backends chosen by `MAILER_SENDER`: `smtp` (any relay, the local sink by
default) and `ses` (Amazon SES v2 through boto3). Each keeps one connection per batch."""

from __future__ import annotations

import smtplib
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import parseaddr


def wire_bytes(message: EmailMessage) -> bytes:
    """The message with CRLF line ends, as SMTP and SES require. smtplib fixes line ends
    only in str messages: bytes with bare LF reach the server as one line, which it
    refuses past 1,000 bytes ("Line too long")."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


class Unlimited:
    """No send-rate limit (the worker passes a `SharedRateLimiter` when one is configured)."""

    rate = 0.0

    def wait(self) -> None:
        return None


class BaseSender:
    """Opens a connection (`session()`) whose `send(message)` raises on failure."""

    def __init__(self, from_address: str, limiter=None):
        self.from_address = from_address
        self.envelope_from = parseaddr(from_address)[1]
        self.limiter = limiter or Unlimited()

    @contextmanager
    def session(self):
        raise NotImplementedError
        yield


class SMTPSender(BaseSender):
    def __init__(
        self, host: str, port: int, from_address: str, timeout: float = 10.0, limiter=None
    ):
        super().__init__(from_address, limiter)
        self.host, self.port, self.timeout = host, port, timeout

    @contextmanager
    def session(self):
        connection = _SMTPConnection(self)
        try:
            yield connection
        finally:
            connection.close()


class _SMTPConnection:
    def __init__(self, sender: SMTPSender):
        self.sender = sender
        self.smtp = None

    def send(self, message: EmailMessage) -> str:
        self.send_raw(message["To"], wire_bytes(message))
        return message["Message-ID"]

    def send_raw(self, to: str, data: bytes) -> None:
        self.sender.limiter.wait()
        if self.smtp is None:
            self.smtp = smtplib.SMTP(
                self.sender.host, self.sender.port, timeout=self.sender.timeout
            )
        try:
            self.smtp.sendmail(self.sender.envelope_from, [to], data)
        except smtplib.SMTPServerDisconnected:
            self.smtp = None
            raise

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except smtplib.SMTPException:
                pass


class SESSender(BaseSender):
    """Amazon SES v2 `SendEmail` with the raw MIME message (headers kept as built)."""

    def __init__(
        self, client, from_address: str, limiter=None, configuration_set: str | None = None
    ):
        super().__init__(from_address, limiter)
        self.client = client
        self.configuration_set = configuration_set

    @classmethod
    def from_config(cls, config, limiter=None) -> SESSender:
        import boto3

        client = boto3.client(
            "sesv2", region_name=config.aws_region, endpoint_url=config.aws_endpoint_url
        )
        return cls(client, config.from_address, limiter, config.ses_configuration_set)

    @contextmanager
    def session(self):
        yield self

    def send(self, message: EmailMessage) -> str:
        return self.send_raw(message["To"], wire_bytes(message))

    def send_raw(self, to: str, data: bytes) -> str:
        self.limiter.wait()
        kwargs = {"Content": {"Raw": {"Data": data}}, "Destination": {"ToAddresses": [to]}}
        if self.configuration_set:
            kwargs["ConfigurationSetName"] = self.configuration_set
        return self.client.send_email(**kwargs)["MessageId"]


def sender_from_config(config, limiter=None) -> BaseSender:
    """The configured backend; `limiter` (shared by all workers) caps its send rate."""
    if config.sender == "smtp":
        return SMTPSender(config.smtp_host, config.smtp_port, config.from_address, limiter=limiter)
    if config.sender == "ses":
        return SESSender.from_config(config, limiter)
    raise ValueError(f"unknown sender {config.sender!r}")
