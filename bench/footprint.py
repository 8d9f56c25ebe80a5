"""Memory and CPU of each process type, which size infra/k8s's resource requests.

Starts the whole stack on the embedded defaults (as `make run`), loads the demo, serves
300 page views of six kinds (public pages in three languages, the reporting page, the
admin's login), then prints each process's resident memory and CPU time. The baseline in
the same run is the idle footprint measured right after start-up.

Run: `make bench-footprint` (or `python -m bench.footprint [--views N]`).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import httpx

from bench.processes import footprint
from infra.stack import Ports, Stack
from tests.support.ports import free_port

PAGES = ("/", "/fr/", "/review-ece/", "/review-ece/report/", "/es/review-ece/report/")
WEB = ("cms", "registration", "grievance", "mailer")
WORKERS = ("registration-worker", "grievance-worker", "mailer-worker")


def measure(stack: Stack) -> dict[str, tuple[float, float]]:
    return {name: footprint(stack.processes[name][0].pid) for name in (*WEB, *WORKERS)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", type=int, default=300)
    args = parser.parse_args()
    ports = Ports(**{name: free_port() for name in Ports.__dataclass_fields__})
    stack = Stack(data_dir=Path(tempfile.mkdtemp(prefix="bench-footprint-")), ports=ports)
    try:
        stack.start()
        idle = measure(stack)
        with httpx.Client(base_url=stack.url("cms"), follow_redirects=True, timeout=30) as web:
            for view in range(args.views):
                web.get(PAGES[view % len(PAGES)]).raise_for_status()
        loaded = measure(stack)
    finally:
        stack.stop()
    print(f"after {args.views} page views (web: gunicorn master + 2 workers x 4 threads):")
    for name, (memory, cpu) in loaded.items():
        idle_memory, idle_cpu = idle[name]
        print(
            f"footprint process={name} rss_mib={memory:.0f} idle_rss_mib={idle_memory:.0f} "
            f"ratio={memory / idle_memory:.2f} cpu_s_during_views={cpu - idle_cpu:.1f}"
        )


if __name__ == "__main__":
    main()
