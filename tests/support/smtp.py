"""An in-process SMTP sink (aiosmtpd) that keeps what it receives in memory."""

from __future__ import annotations

import logging
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from .ports import free_port

# aiosmtpd logs every recipient address at INFO: keep addresses out of test logs.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class _Collect:
    def __init__(self):
        self.raw = []
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.raw.append(envelope.content)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


class SMTPSink:
    def __init__(self):
        self.handler = _Collect()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._parsed = []

    @property
    def recipients(self) -> list[str]:
        """Envelope recipients, one per delivered copy (cheap to read in a loop)."""
        return self.handler.recipients

    @property
    def messages(self):
        while len(self._parsed) < len(self.handler.raw):
            raw = self.handler.raw[len(self._parsed)]
            self._parsed.append(message_from_bytes(raw, policy=policy.default))
        return self._parsed

    def start(self) -> SMTPSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while len(self.handler.raw) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages
