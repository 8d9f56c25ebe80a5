"""Registration throughput through the real service, against a bare Flask endpoint.

Both run under gunicorn with 2 workers (4 threads each) on loopback, in the same run;
50 concurrent clients send unique registrations (validation, envelope encryption of
every personal field, blind index, consents, outbox, idempotency record, audit, commit).
Done on SQLite and on a throwaway PostgreSQL cluster (started here, fsync off).
Target: ratio >= 0.5 and p99 < 250 ms. Ends with one line per database:
`registration db=D ratio=R p99_ms=P`.

Run: `make bench-registration` (or `python -m bench.registration [--requests N]`).

`--scale 1000,10000,100000` measures instead the secretariat's reads of one event as its
registrations grow (issue 18): see `bench.registration_reads`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.processes import footprint
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = 50
ROUNDS = 3


def gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--no-control-socket",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


def body(event: str, track: str) -> dict:
    n = uuid.uuid4().hex[:12]
    return {
        "event": event,
        "track": track,
        "name": f"Bench Person {n}",
        "email": f"bench.{n}@example.org",
        "organisation": "Bench Network",
        "country": "KE",
        "age_band": "30_59",
        "gender": "prefer_not_to_say",
        "accessibility_needs": "Step-free access",
        "consents": {"public_listing": True},
        "language": "fr",
    }


async def load(port: int, headers, requests: int, event: str, track: str):
    """Send `requests` registrations, 50 in flight over 50 keep-alive connections.

    The client is a few lines of raw HTTP/1.1 on asyncio streams: on a 2-core machine a
    full HTTP client library would take the CPU the servers need and measure itself.
    Returns (seconds, sorted latencies).
    """
    latencies: list[float] = []
    remaining = [requests]
    failures: list[bytes] = []

    def request() -> bytes:
        payload = json.dumps(body(event, track)).encode()
        lines = [
            "POST /registrations HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Content-Type: application/json",
            f"Content-Length: {len(payload)}",
            f"Idempotency-Key: {uuid.uuid4().hex}",
            *(f"{k}: {v}" for k, v in headers().items()),
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while remaining[0] > 0:
            remaining[0] -= 1
            data = request()
            started = time.perf_counter()
            writer.write(data)
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if b" 201 " not in status:
                failures.append(status)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONCURRENCY)))
    seconds = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. {failures[0]!r}")
    return seconds, sorted(latencies)


def p99(latencies: list[float]) -> float:
    return latencies[int(len(latencies) * 0.99) - 1] * 1000


def measure(database_url: str, requests: int) -> tuple[float, float]:
    from services.common.auth import TokenIssuer

    data_dir = Path(tempfile.mkdtemp(prefix="bench-registration-"))
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
    key = (data_dir / "keys" / "cms-signing.key").read_bytes().hex()
    issuer = TokenIssuer(key, "cms")

    def headers() -> dict:
        # One token per call, as the CMS sends: the service spends each token's id once.
        return {"Authorization": f"Bearer {issuer.issue('registration', roles=['cms'])}"}

    ours_port, bare_port = free_port(), free_port()
    ours = gunicorn("services.registration.wsgi:app", ours_port, env)
    bare = gunicorn("bench.bare_app:app", bare_port, env)
    try:
        wait_up(f"http://127.0.0.1:{ours_port}/health")
        wait_up(f"http://127.0.0.1:{bare_port}/")
        now = datetime.now(UTC)
        event = {
            "title": "Bench consultation",
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
        httpx.put(
            f"http://127.0.0.1:{ours_port}/events/bench", json=event, headers=headers()
        ).raise_for_status()
        warm = max(100, requests // 10)
        for port in (ours_port, bare_port):  # warm both up (imports, connections)
            asyncio.run(load(port, headers, warm, "bench", "consult"))
        # Rounds alternate, so a slow moment of this shared machine hits both sides;
        # each side's median round counts, and every latency of every round.
        bare_rates, ours_rates, latencies = [], [], []
        for _round in range(ROUNDS):
            bare_s, _ = asyncio.run(load(bare_port, headers, requests, "bench", "consult"))
            ours_s, round_latencies = asyncio.run(
                load(ours_port, headers, requests, "bench", "consult")
            )
            bare_rates.append(requests / bare_s)
            ours_rates.append(requests / ours_s)
            latencies.extend(round_latencies)
        memory, cpu = footprint(ours.pid)
    finally:
        for process in (ours, bare):
            process.terminate()
            process.wait()
    latencies.sort()
    ours_rate, bare_rate = statistics.median(ours_rates), statistics.median(bare_rates)
    print(
        f"  registration service: {ROUNDS} rounds of {requests}: "
        f"{', '.join(f'{r:,.0f}' for r in ours_rates)}/s (median {ours_rate:,.0f}/s), "
        f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p99 {p99(latencies):.0f} ms; "
        f"bare Flask endpoint: {', '.join(f'{r:,.0f}' for r in bare_rates)}/s "
        f"(median {bare_rate:,.0f}/s)"
    )
    total = requests * ROUNDS + max(100, requests // 10)  # the rounds and the warm-up
    print(
        f"  footprint (sizes infra/k8s): one replica (gunicorn, 2 workers x 4 threads) "
        f"{memory:.0f} MiB resident after load; {cpu / total * 1000:.1f} CPU seconds "
        f"per 1,000 registrations"
    )
    return ours_rate / bare_rate, p99(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), action="append")
    parser.add_argument("--scale", help="sizes of the read run, e.g. 1000,10000,100000")
    args = parser.parse_args()
    databases = args.db or ["sqlite", "postgresql"]
    if args.scale:
        from bench.registration_reads import main_scale

        main_scale(databases, [int(n) for n in args.scale.split(",")])
        return
    results = []
    if "sqlite" in databases:
        print("sqlite:")
        url = f"sqlite:///{tempfile.mkdtemp()}/r.sqlite3"
        results.append(("sqlite", *measure(url, args.requests)))
    if "postgresql" in databases:
        from tests.support.postgres import Cluster

        cluster = Cluster().start()
        try:
            print("postgresql:")
            url = cluster.create_database("bench_registration")
            results.append(("postgresql", *measure(url, args.requests)))
        finally:
            cluster.stop()
    for db, ratio, p99_ms in results:
        print(f"registration db={db} ratio={ratio:.2f} p99_ms={p99_ms:.0f}")


if __name__ == "__main__":
    main()
