"""The secretariat's reads of one event as its registrations grow (issue 18).

The queue's first page, the balance panel and the whole CSV export (and its first chunk),
each the best of three, through the service under gunicorn (2 workers x 4 threads) on
loopback, at each size in turn, on SQLite and on a throwaway PostgreSQL cluster.
Registrations are written straight into the database (sealed, with consents:
`tests.support.registrations`), since only the reads are measured; all of them are
selected or confirmed, so the export holds every one. The baseline is the same read at the
first size, measured in the same run; each line gives the ratio to it.
Targets at 100,000: queue page < 100 ms, balance < 300 ms; the export streams (its first
chunk comes at once) and has no time limit to hit. Ends with one line per size:
`registration_reads db=D n=N queue_ms=Q balance_ms=B export_s=E`.

Run: `python -m bench.registration --scale 1000,10000,100000 [--db sqlite]`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.registration import ROOT, gunicorn, wait_up
from tests.support.ports import free_port


def best_of_three(read) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        read()
        timings.append(time.perf_counter() - started)
    return min(timings)


def analyse(app) -> None:
    """What autovacuum does within a minute of a bulk load, done now: without statistics
    PostgreSQL plans for an empty table (the queue's page then sorted all 100,000 rows,
    890 ms; 0.2 ms once analysed) and reads no index only (no visibility map yet)."""
    from sqlalchemy import text

    from services.registration.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(text("VACUUM ANALYZE registrations"))
        connection.execute(text("VACUUM ANALYZE consents"))


def scale(database_url: str, sizes: list[int]) -> list[tuple]:
    """The three reads at each size, on one event that grows from one size to the next."""
    from services.common.auth import TokenIssuer
    from services.registration import create_app
    from services.registration.config import Config
    from tests.support.registrations import load_registrations

    data_dir = Path(tempfile.mkdtemp(prefix="bench-registration-scale-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CONVENE_DATA_DIR": str(data_dir),
        "REGISTRATION_DATABASE_URL": database_url,
        "REGISTRATION_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "services.registration", "db", "upgrade"],
        cwd=ROOT,
        env={**env, "CONVENE_GENERATE_KEYS": "1"},
        check=True,
        capture_output=True,
    )
    issuer = TokenIssuer((data_dir / "keys" / "cms-signing.key").read_bytes().hex(), "cms")

    def headers(role: str) -> dict:
        token = issuer.issue("registration", "user:bench", roles=[role], regions=["ECE"])
        return {"Authorization": f"Bearer {token}"}

    app = create_app(Config.from_env(env))
    port = free_port()
    server = gunicorn("services.registration.wsgi:app", port, env)
    results = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_up(f"{base}/health")
        now = datetime.now(UTC)
        track = {
            "key": "consult",
            "name": "Consultation",
            "kind": "consultation",
            "opens_at": (now - timedelta(days=1)).isoformat(),
            "closes_at": (now + timedelta(days=30)).isoformat(),
        }
        event = {"title": "Bench", "region": "ECE", "tracks": [track]}
        httpx.put(f"{base}/events/bench", json=event, headers=headers("cms")).raise_for_status()
        http = httpx.Client(base_url=base, timeout=httpx.Timeout(10.0))
        first_chunk: list[float] = []

        def queue():
            url = "/registrations?event=bench&limit=50"
            http.get(url, headers=headers("secretariat")).raise_for_status()

        def balance():
            http.get("/events/bench/balance", headers=headers("secretariat")).raise_for_status()

        def export():
            started = time.perf_counter()
            url, rows = "/registrations/export?event=bench", 0
            with http.stream("GET", url, headers=headers("secretariat")) as response:
                response.raise_for_status()
                for i, chunk in enumerate(response.iter_bytes()):
                    if i == 0:
                        first_chunk.append(time.perf_counter() - started)
                    rows += chunk.count(b"\n")
            assert rows > loaded, "the export came back short"

        loaded = 0
        for size in sizes:
            started = time.perf_counter()
            load_registrations(app, "bench", "consult", size - loaded, ("selected", "confirmed"))
            seconds = time.perf_counter() - started
            print(f"  loaded {size - loaded:,} registrations in {seconds:.0f} s")
            if database_url.startswith("postgresql"):
                analyse(app)
            loaded = size
            first_chunk.clear()
            figures = (best_of_three(queue), best_of_three(balance), best_of_three(export))
            results.append((size, *figures, min(first_chunk)))
            http.close()
            http = httpx.Client(base_url=base, timeout=httpx.Timeout(10.0))
    finally:
        server.terminate()
        server.wait()
    base_q, base_b, base_e, _ = results[0][1:]
    for size, q, b, e, first in results:
        print(
            f"  n={size:>7,}: queue first page {q * 1000:6.0f} ms (x{q / base_q:.1f}), "
            f"balance {b * 1000:6.0f} ms (x{b / base_b:.1f}), "
            f"export {e:6.2f} s (x{e / base_e:.1f}; first chunk after {first * 1000:.0f} ms)"
        )
    return results


def main_scale(databases: list[str], sizes: list[int]) -> None:
    lines = []
    for db in databases:
        print(f"{db}: (baseline: the same read at n={sizes[0]:,}, this run)")
        if db == "sqlite":
            results = scale(f"sqlite:///{tempfile.mkdtemp()}/r.sqlite3", sizes)
        else:
            from tests.support.postgres import Cluster

            cluster = Cluster().start()
            try:
                results = scale(cluster.create_database("bench_registration_reads"), sizes)
            finally:
                cluster.stop()
        lines += [(db, *r) for r in results]
    for db, size, q, b, e, _first in lines:
        print(
            f"registration_reads db={db} n={size} queue_ms={q * 1000:.0f} "
            f"balance_ms={b * 1000:.0f} export_s={e:.2f}"
        )
