"""Session-scoped real parts: PostgreSQL, moto_server, an SMTP sink."""

import pytest

from .support.moto import MotoServer
from .support.postgres import Cluster
from .support.smtp import SMTPSink


@pytest.fixture(scope="session")
def postgres():
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def moto():
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink():
    sink = SMTPSink().start()
    yield sink
    sink.stop()
