"""`make run`'s runner: starts everything, stops cleanly on Ctrl-C, reuses its data."""

import os
import signal
import socket
import subprocess
import sys
import time

from infra.stack import ROOT, Ports
from tests.support.ports import free_port


def start_runner(data_dir, ports):
    env = {**os.environ, "CONVENE_DATA_DIR": str(data_dir)}
    env.update({f"CONVENE_{name.upper()}_PORT": str(port) for name, port in vars(ports).items()})
    return subprocess.Popen(
        [sys.executable, "-m", "infra.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def read_until_ready(proc, timeout=120) -> str:
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Press Ctrl-C to stop." in line:
            return "".join(lines)
    proc.kill()
    raise AssertionError("runner did not start:\n" + "".join(lines))


def port_open(port) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def ctrl_c(proc) -> str:
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the foreground group
    out, _ = proc.communicate(timeout=60)
    return out


def test_run_stop_and_run_again(tmp_path):
    ports = Ports(**{name: free_port() for name in Ports.__dataclass_fields__})
    first = start_runner(tmp_path, ports)
    banner = read_until_ready(first)
    assert "Admin user created: admin / " in banner
    assert f"http://127.0.0.1:{ports.cms}/admin/" in banner
    assert all(port_open(port) for port in vars(ports).values())
    keys = {p.name: p.read_bytes() for p in (tmp_path / "keys").rglob("*.key")}
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in (tmp_path / "keys").rglob("*.key"))

    out = ctrl_c(first)
    assert first.returncode == 0 and "Stopped." in out
    assert not any(port_open(port) for port in vars(ports).values())

    second = start_runner(tmp_path, ports)
    banner = read_until_ready(second)
    assert "Admin user created" not in banner  # the data, and the admin, are reused
    assert {p.name: p.read_bytes() for p in (tmp_path / "keys").rglob("*.key")} == keys
    ctrl_c(second)
    assert second.returncode == 0
