"""An in-process SMTP sink (aiosmtpd) that keeps what it receives in memory."""

from __future__ import annotations

import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from .ports import free_port


class _Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SMTPSink:
    def __init__(self):
        self.handler = _Collect()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self):
        return self.handler.messages

    def start(self) -> SMTPSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages
