"""The whole system as plain processes on loopback: used by `make run` and the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("registration", "grievance", "mailer")
SIGNERS = ("cms", "registration", "grievance")  # the parts that call others


@dataclass
class Ports:
    cms: int = 8000
    registration: int = 8001
    grievance: int = 8002
    mailer: int = 8003
    smtp: int = 8025

    @classmethod
    def from_env(cls) -> Ports:
        defaults = cls()
        return cls(
            **{
                name: int(os.environ.get(f"CONVENE_{name.upper()}_PORT", getattr(defaults, name)))
                for name in defaults.__dataclass_fields__
            }
        )


class StackError(RuntimeError):
    pass


@dataclass
class Stack:
    """Sets up and runs the CMS, the services, their workers and an SMTP sink."""

    data_dir: Path
    ports: Ports = field(default_factory=Ports)
    python: str = sys.executable
    extra_env: dict = field(default_factory=dict)
    # Production: keys and secrets are provisioned in `extra_env`, never generated here.
    production: bool = False
    processes: dict = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{getattr(self.ports, name)}"

    def env(self, generate_keys: bool = False) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("REGISTRATION_", "MAILER_", "GRIEVANCE_"))
        }
        env.update(
            {
                "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "cms")]),
                "DJANGO_SETTINGS_MODULE": "demo.settings.dev",
                "CONVENE_DATA_DIR": str(self.data_dir),
                "CONVENE_REGISTRATION_URL": self.url("registration"),
                "CONVENE_GRIEVANCE_URL": self.url("grievance"),
                "CONVENE_MAILER_URL": self.url("mailer"),
                "CONVENE_CMS_URL": self.url("cms"),
                "MAILER_SMTP_PORT": str(self.ports.smtp),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.pop("CONVENE_GENERATE_KEYS", None)
        if generate_keys:
            env["CONVENE_GENERATE_KEYS"] = "1"
        env.update(self.extra_env)
        return env

    # -- set-up ------------------------------------------------------------------

    def run(self, *args: str, generate_keys: bool = False) -> str:
        result = subprocess.run(
            [self.python, *args],
            cwd=ROOT,
            env=self.env(generate_keys),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise StackError(f"{' '.join(args[:4])} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def manage(self, *args: str) -> str:
        return self.run("cms/demo/manage.py", *args)

    def setup(self) -> None:
        """Keys on first run, every database migrated, static files collected."""
        from services.common.config import Env, signing_pair
        from services.common.crypto import ensure_secret_file

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(exist_ok=True)
        if not self.production:
            ensure_secret_file(self.data_dir / "keys" / "cms-django.key")
            ensure_secret_file(self.data_dir / "keys" / "cms-fields.key")
            env = Env(
                "STACK", {"CONVENE_DATA_DIR": str(self.data_dir), "CONVENE_GENERATE_KEYS": "1"}
            )
            for part in SIGNERS:  # each part's token key, and its public half beside it
                signing_pair(env, part)
        for name in SERVICES:
            self.run(
                "-m",
                "flask",
                "--app",
                f"services.{name}",
                "db",
                "upgrade",
                generate_keys=not self.production,
            )
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")

    # -- processes ---------------------------------------------------------------

    def spawn(self, name: str, *args: str) -> None:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives with the process
        self.processes[name] = (
            subprocess.Popen(
                [self.python, *args], cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT
            ),
            log,
        )

    def gunicorn(self, name: str, port: int, app: str, *extra: str, workers: int = 2) -> None:
        self.spawn(
            name,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--graceful-timeout",
            "5",
            "--no-control-socket",
            *extra,
            app,
        )

    def check_ports(self) -> None:
        for name, port in vars(self.ports).items():
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    raise StackError(
                        f"port {port} ({name}) is in use: stop what uses it, "
                        f"or set CONVENE_{name.upper()}_PORT"
                    )

    def start_services(self) -> None:
        self.check_ports()
        self.spawn(
            "smtp",
            "-m",
            "infra.smtp_sink",
            "--port",
            str(self.ports.smtp),
            "--dir",
            str(self.mail_dir),
        )
        for name in SERVICES:
            self.gunicorn(name, getattr(self.ports, name), f"services.{name}.wsgi:app")
            self.spawn(f"{name}-worker", "-m", f"services.{name}.worker")
        for name in SERVICES:
            self.wait_for(name, f"{self.url(name)}/health")

    def load_demo(self) -> str:
        out = self.manage("convene_demo")
        self.manage("convene_sync_events")
        return out

    def start_cms(self) -> None:
        self.gunicorn("cms", self.ports.cms, "demo.wsgi", "--chdir", str(ROOT / "cms"))
        self.wait_for("cms", f"{self.url('cms')}/admin/login/")

    def start(self) -> str:
        self.setup()
        self.start_services()
        out = self.load_demo()
        self.start_cms()
        return out

    def wait_for(self, name: str, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.processes[name][0]
            if proc.poll() is not None:
                raise StackError(f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise StackError(f"{name} did not answer at {url}:\n{self.log_tail(name)}")

    def log_tail(self, name: str, size: int = 3000) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM every process, then SIGKILL what is still running after `timeout`."""
        for proc, _log in self.processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc, log in self.processes.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
        self.processes.clear()
