"""Session-scoped real parts: PostgreSQL, moto_server, an SMTP sink."""

import pytest

from .support import fuzz  # noqa: F401 - loads the bounded, derandomised Hypothesis profile
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


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The whole system as real processes on free loopback ports (as `make run` starts it)."""
    from infra.stack import Ports, Stack

    from .support.ports import free_port

    ports = Ports(**{name: free_port() for name in Ports.__dataclass_fields__})
    # Every test's browser and client comes from 127.0.0.1: the public forms' per-client
    # limits and the reporting form's minimum fill time are tested in tests/cms.
    relaxed = {"CONVENE_FORM_LIMITS": '{"*": [10000, 600]}', "CONVENE_REPORT_MIN_SECONDS": "0"}
    running = Stack(data_dir=tmp_path_factory.mktemp("stack"), ports=ports, extra_env=relaxed)
    try:
        running.demo_output = running.start()
        yield running
    finally:
        running.stop()


def pytest_terminal_summary(terminalreporter):
    """How many generated inputs the fuzz and schemathesis tests sent (tests/support/fuzz)."""
    from .support.fuzz import summary

    line = summary()
    if line:
        terminalreporter.write_line(line)
