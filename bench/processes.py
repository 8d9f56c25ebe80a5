"""Reading a running process tree's footprint from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path


def footprint(pid: int) -> tuple[float, float]:
    """A gunicorn's resident memory (MiB, master and workers) and CPU seconds used so far."""
    children_file = Path(f"/proc/{pid}/task/{pid}/children")
    children = children_file.read_text().split() if children_file.exists() else []
    pids = [pid, *map(int, children)]
    rss_kib = cpu_ticks = 0
    for each in pids:
        status = Path(f"/proc/{each}/status").read_text()
        rss_kib += int(
            next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]
        )
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        cpu_ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return rss_kib / 1024, cpu_ticks / os.sysconf("SC_CLK_TCK")
