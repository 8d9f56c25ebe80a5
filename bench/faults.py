"""Registrations under faults, with the real processes and PostgreSQL.

While 8 clients send a stream of registrations (each retried with its own Idempotency-Key
until it is answered, as the CMS form lets a person send again), the registration service
is killed with SIGKILL (master and workers) and restarted, its worker is killed and
restarted, and PostgreSQL is restarted in immediate mode (a crash). Then every
acknowledged registration must exist, and must have received exactly one receipt e-mail.

Prints, per fault, how long until the service answered again (RTO), and at the end:
`faults acknowledged=N lost=L missing_mail=M duplicate_mail=D` (lost and missing must
be 0; RPO for acknowledged registrations is therefore 0).

Run: `make bench-faults` (or `python -m bench.faults [--registrations N]`).
"""

from __future__ import annotations

import argparse
import email
import os
import signal
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from infra.stack import Ports, Stack
from tests.support.ports import free_port
from tests.support.postgres import Cluster

CLIENTS = 8


class Faults:
    def __init__(self, stack: Stack, cluster: Cluster):
        self.stack, self.cluster = stack, cluster
        self.recovered: list[tuple[str, float]] = []
        self.down_since: float | None = None
        self.armed_at = float("inf")  # when the fault was done: later requests count
        self.name = ""
        self.lock = threading.Lock()

    def kill_tree(self, name: str) -> None:
        proc = self.stack.processes[name][0]
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        for pid in [proc.pid, *map(int, pids)]:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait()

    def service(self) -> None:
        self.begin("registration service SIGKILL")
        self.kill_tree("registration")
        time.sleep(1)
        self.stack.gunicorn(
            "registration", self.stack.ports.registration, "services.registration.wsgi:app"
        )
        self.done()

    def worker(self) -> None:
        self.begin("registration worker SIGKILL")
        self.kill_tree("registration-worker")
        time.sleep(1)
        self.stack.spawn("registration-worker", "-m", "services.registration.worker")
        self.down_since = None  # the worker answers nobody: its recovery shows in the mail

    def database(self) -> None:
        self.begin("PostgreSQL immediate restart")
        data, log = str(self.cluster.data), str(self.cluster.root / "log.txt")
        # `-l`: without it the server would keep pg_ctl's output pipe open, and wait on it.
        self.cluster._run("pg_ctl", "-D", data, "-l", log, "-m", "immediate", "-w", "restart")
        self.done()

    def begin(self, name: str) -> None:
        self.name, self.down_since = name, time.monotonic()
        self.armed_at = float("inf")
        print(f"fault: {name}", flush=True)

    def done(self) -> None:
        self.armed_at = time.monotonic()

    def end(self, sent_at: float) -> None:
        """A request sent at `sent_at` was answered: if it was sent after the fault was
        done, the time since the fault began is its recovery time."""
        with self.lock:
            if self.down_since is not None and sent_at >= self.armed_at:
                self.recovered.append((self.name, time.monotonic() - self.down_since))
                self.down_since = None


def registration(n: int) -> dict:
    return {
        "event": "faults",
        "track": "consult",
        "name": f"Fault Person {n}",
        "email": f"fault.{n}@example.org",
        "country": "KE",
        "age_band": "30_59",
        "language": "en",
    }


def send(url: str, headers, n: int, faults: Faults, deadline: float) -> str | None:
    """One registration, sent again with the same key until it is answered."""
    key = uuid.uuid4().hex
    while time.monotonic() < deadline:
        sent_at = time.monotonic()
        try:
            answer = httpx.post(
                f"{url}/registrations",
                json=registration(n),
                headers={**headers(), "Idempotency-Key": key},
                timeout=10,
            )
        except httpx.HTTPError:
            time.sleep(0.3)
            continue
        if answer.status_code in (200, 201):
            faults.end(sent_at)
            return answer.json()["id"]
        if answer.status_code in (429, 503) or answer.status_code >= 500:
            time.sleep(float(answer.headers.get("Retry-After", "0.3")))
            continue
        raise RuntimeError(f"registration {n}: {answer.status_code} {answer.text[:200]}")
    return None


def receipts(mail_dir: Path) -> Counter:
    found: Counter = Counter()
    for path in mail_dir.glob("*.eml"):
        if not path.name.startswith("."):
            message = email.message_from_bytes(path.read_bytes())
            found[message["To"]] += 1
    return found


def run(count: int) -> dict:
    cluster = Cluster().start()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    ports = Ports(**{name: free_port() for name in Ports.__dataclass_fields__})
    extra = {
        "REGISTRATION_DATABASE_URL": cluster.create_database("registration"),
        "MAILER_DATABASE_URL": cluster.create_database("mailer"),
        "REGISTRATION_LOG_LEVEL": "WARNING",
        "MAILER_LOG_LEVEL": "WARNING",
    }
    stack = Stack(data_dir=data_dir, ports=ports, extra_env=extra)
    try:
        prepare(stack)
        stack.start_services()
        from services.common.auth import TokenIssuer

        issuer = TokenIssuer((data_dir / "keys" / "cms-signing.key").read_bytes().hex(), "cms")

        def headers() -> dict:
            return {"Authorization": f"Bearer {issuer.issue('registration', roles=['cms'])}"}

        url = stack.url("registration")
        now = datetime.now(UTC)
        event = {
            "title": "Faults",
            "region": "ECE",
            "tracks": [
                {
                    "key": "consult",
                    "name": "Consultation",
                    "kind": "consultation",
                    "opens_at": (now - timedelta(days=1)).isoformat(),
                    "closes_at": (now + timedelta(days=30)).isoformat(),
                }
            ],
        }
        httpx.put(f"{url}/events/faults", json=event, headers=headers()).raise_for_status()
        faults = Faults(stack, cluster)
        plan = {
            count // 4: faults.service,
            count // 2: faults.worker,
            3 * count // 4: faults.database,
        }
        deadline = time.monotonic() + 600
        done = [0]
        lock = threading.Lock()

        def one(n: int) -> str | None:
            with lock:
                done[0] += 1
                fault = plan.pop(done[0], None)
            if fault is not None:
                fault()
            return send(url, headers, n, faults, deadline)

        started = time.monotonic()
        with ThreadPoolExecutor(CLIENTS) as pool:
            acknowledged = [rid for rid in pool.map(one, range(count)) if rid]
        seconds = time.monotonic() - started
        mail = wait_for_mail(stack, len(acknowledged))
        stored = stored_ids(extra["REGISTRATION_DATABASE_URL"])
        lost = len(set(acknowledged) - stored)
        addresses = {f"fault.{n}@example.org" for n in range(count)}
        missing = sum(1 for a in addresses if mail[a] == 0)
        duplicates = sum(max(0, mail[a] - 1) for a in addresses)
        return {
            "acknowledged": len(acknowledged),
            "lost": lost,
            "missing_mail": missing,
            "duplicate_mail": duplicates,
            "seconds": seconds,
            "recovered": faults.recovered,
        }
    finally:
        stack.stop()
        cluster.stop()


def prepare(stack: Stack) -> None:
    """Keys and the services' databases (the CMS is not needed here)."""
    from services.common.config import Env, signing_pair

    stack.data_dir.mkdir(parents=True, exist_ok=True)
    stack.log_dir.mkdir(exist_ok=True)
    env = Env("STACK", {"CONVENE_DATA_DIR": str(stack.data_dir), "CONVENE_GENERATE_KEYS": "1"})
    for part in ("cms", "registration", "grievance"):
        signing_pair(env, part)
    for name in ("registration", "grievance", "mailer"):
        stack.run("-m", "flask", "--app", f"services.{name}", "db", "upgrade", generate_keys=True)


def wait_for_mail(stack: Stack, expected: int, timeout: float = 180) -> Counter:
    deadline = time.monotonic() + timeout
    while True:
        mail = receipts(stack.mail_dir)
        if sum(mail.values()) >= expected or time.monotonic() > deadline:
            time.sleep(3)  # a duplicate, if any, arrives in the next batches
            return receipts(stack.mail_dir)
        time.sleep(1)


def stored_ids(database_url: str) -> set[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        found = {str(row[0]) for row in connection.execute(text("SELECT id FROM registrations"))}
    engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=600)
    args = parser.parse_args()
    result = run(args.registrations)
    for name, seconds in result["recovered"]:
        print(f"{name}: registrations answered again {seconds:.1f} s after it began (RTO)")
    print(
        f"faults acknowledged={result['acknowledged']} lost={result['lost']} "
        f"missing_mail={result['missing_mail']} duplicate_mail={result['duplicate_mail']} "
        f"seconds={result['seconds']:.1f}"
    )
    if result["lost"] or result["missing_mail"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
