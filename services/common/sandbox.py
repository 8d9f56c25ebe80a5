"""Parsers of untrusted files run in a child process with limits (issue 17, section 4).

A decoder that meets a small file claiming to be huge (a PNG of 40 megapixels, a
spreadsheet whose shared-strings table inflates to hundreds of megabytes) takes memory
and CPU from every request the process serves, or gets the whole container killed. Here
the decoding runs in a fresh interpreter that caps its own address space
(`RLIMIT_AS`), CPU time (`RLIMIT_CPU`) and open files before it reads a byte, with a
wall-clock deadline and a cap on what it may answer. A child that goes over a limit
dies alone; the caller gets `SandboxError`, never a crash of its own.

The child is a stand-alone script (standard library and the one parsing library it
needs, nothing of `services`), run as `python -I`: no environment variables, no user
site, not even its own folder on the path. It reads the file on stdin and writes its
answer on stdout; an exit status from 10 to 63 names a refusal it understood
(`SandboxRefused.code`).
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ConveneError

MiB = 1024 * 1024
REFUSALS = (10, 63)  # exit statuses a script uses for "I read it and refuse it"

# Applied in the child before the script is even compiled.
BOOTSTRAP = """\
import resource, runpy, sys
memory, cpu, files = (int(v) for v in sys.argv[1:4])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
script = sys.argv[4]
sys.argv = [script, *sys.argv[5:]]
runpy.run_path(script, run_name="__main__")
"""


@dataclass(frozen=True)
class Limits:
    """What one child may use. `memory` is address space, which counts the interpreter
    and its libraries (about 40 MiB with Pillow or openpyxl loaded) as well as data."""

    memory: int
    cpu_seconds: int
    wall_seconds: float
    output_bytes: int
    open_files: int = 32


class SandboxError(ConveneError):
    """The child went over a limit, crashed, or answered more than it may."""


class SandboxRefused(SandboxError):
    """The child understood the file and refused it; `code` is its exit status."""

    def __init__(self, code: int):
        super().__init__(f"refused with status {code}")
        self.code = code


def _command(script: Path, limits: Limits, args: tuple[str, ...]) -> list[str]:
    return [
        sys.executable,
        "-I",
        "-c",
        BOOTSTRAP,
        str(limits.memory),
        str(limits.cpu_seconds),
        str(limits.open_files),
        str(script),
        *args,
    ]


def _spawn(script: Path, limits: Limits, args: tuple[str, ...]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and script, no shell
        _command(script, limits, args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a traceback could quote the file's content
        env={"LC_ALL": "C.UTF-8", "PATH": os.defpath},
        close_fds=True,
    )


def run(script: Path, data: bytes, limits: Limits, *args: str) -> bytes:
    """The child's whole answer to `data`, or SandboxRefused / SandboxError."""
    chunks = list(stream(script, data, limits, *args))
    return b"".join(chunks)


def stream(script: Path, data: bytes, limits: Limits, *args: str) -> Iterator[bytes]:
    """The child's answer as it comes, in chunks; the limits hold throughout, and a
    consumer that stops early ends the child."""
    child = _spawn(script, limits, args)
    deadline = time.monotonic() + limits.wall_seconds
    written, answered = 0, 0
    selector = selectors.DefaultSelector()
    os.set_blocking(child.stdin.fileno(), False)
    selector.register(child.stdout, selectors.EVENT_READ)
    if data:
        selector.register(child.stdin, selectors.EVENT_WRITE)
    else:
        child.stdin.close()
    view = memoryview(data)
    try:
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                raise SandboxError("the child took too long")
            for key, _events in selector.select(min(left, 1.0)):
                if key.fileobj is child.stdin:
                    try:
                        written += os.write(child.stdin.fileno(), view[written : written + 65536])
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:  # it stopped reading: its exit status says why
                        written = len(data)
                    if written >= len(data):
                        selector.unregister(child.stdin)
                        child.stdin.close()
                    continue
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    selector.unregister(child.stdout)
                    continue
                answered += len(chunk)
                if answered > limits.output_bytes:
                    raise SandboxError("the child answered more than it may")
                yield chunk
        try:
            status = child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired as exc:
            raise SandboxError("the child took too long") from exc
    finally:
        selector.close()
        if child.poll() is None:
            child.kill()
            child.wait()
        for pipe in (child.stdin, child.stdout):
            if not pipe.closed:
                pipe.close()
    if status == 0:
        return
    if REFUSALS[0] <= status <= REFUSALS[1]:
        raise SandboxRefused(status)
    # Killed (negative: SIGKILL, SIGXCPU, SIGSEGV), or failed: an uncaught exception
    # (MemoryError included) exits 1, so scripts name their refusals from 10 to 63.
    raise SandboxError(f"the child ended with status {status}")
