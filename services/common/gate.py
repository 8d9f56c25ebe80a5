"""A few large request bodies at a time per machine (a pod, a container, a laptop).

A grievance with five photos is 67 MB of JSON; reading, decoding and sealing it takes
about 200 MiB above the process's own size. Two such reports at once in the two workers
of one pod would go over its 512 MiB and get every request of the pod killed. So the
bodies that may be that large take one of `slots` file locks in the machine's temporary
folder (shared by the pod's processes, and by threads, since each lock is its own open
file) before they are read; a request that finds every slot taken waits `wait_seconds`,
then is told to come back. Locks die with their process: a crash leaves nothing held.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from pathlib import Path


class BodyGate:
    def __init__(self, name: str, slots: int = 1, wait_seconds: float = 30.0, folder=None):
        self.paths = [
            Path(folder or tempfile.gettempdir()) / f"convene-{name}-{n}.lock" for n in range(slots)
        ]
        self.wait_seconds = wait_seconds

    def enter(self) -> int | None:
        """A held slot (a file descriptor to give to `leave`), or None after the wait."""
        deadline = time.monotonic() + self.wait_seconds
        pause = 0.02
        while True:
            for path in self.paths:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                return fd
            if time.monotonic() >= deadline:
                return None
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    @staticmethod
    def leave(fd: int) -> None:
        os.close(fd)  # closing the descriptor releases its lock
