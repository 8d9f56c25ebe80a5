"""services.common.sandbox: a child over its memory, CPU time, wall time or answer is
ended, and the caller gets an error, never the cost."""

import time

import pytest

from services.common.sandbox import Limits, MiB, SandboxError, SandboxRefused, run, stream

ROOMY = Limits(memory=256 * MiB, cpu_seconds=5, wall_seconds=20, output_bytes=4 * MiB)


@pytest.fixture
def script(tmp_path):
    def write(source: str):
        path = tmp_path / "child.py"
        path.write_text(source)
        return path

    return write


def test_the_child_reads_stdin_and_answers_on_stdout(script):
    echo = script("import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read()[::-1])\n")
    data = bytes(range(256)) * 4096  # 1 MiB: more than a pipe holds
    assert run(echo, data, ROOMY) == data[::-1]


def test_a_refusal_is_named_by_its_exit_status(script):
    assert (
        pytest.raises(SandboxRefused, run, script("raise SystemExit(12)"), b"", ROOMY).value.code
        == 12
    )
    with pytest.raises(SandboxError) as raised:  # an uncaught exception is not a refusal
        run(script("raise ValueError('Canary-secret')"), b"", ROOMY)
    assert not isinstance(raised.value, SandboxRefused)
    assert "Canary" not in str(raised.value)  # its traceback is not kept


def test_memory_over_the_limit_kills_the_child_alone(script):
    greedy = script("block = bytearray(400 * 1024 * 1024)\n")
    with pytest.raises(SandboxError):
        run(greedy, b"", ROOMY)


def test_cpu_and_wall_time_are_limited(script):
    spin = script("while True:\n    pass\n")
    started = time.monotonic()
    with pytest.raises(SandboxError):
        run(spin, b"", Limits(memory=256 * MiB, cpu_seconds=1, wall_seconds=20, output_bytes=MiB))
    assert time.monotonic() - started < 10
    sleep = script("import time\ntime.sleep(30)\n")
    started = time.monotonic()
    with pytest.raises(SandboxError):
        run(sleep, b"", Limits(memory=256 * MiB, cpu_seconds=5, wall_seconds=1, output_bytes=MiB))
    assert time.monotonic() - started < 5


def test_an_answer_over_its_cap_ends_the_child(script):
    flood = script("import sys\nwhile True:\n    sys.stdout.buffer.write(b'x' * 65536)\n")
    with pytest.raises(SandboxError):
        run(flood, b"", Limits(memory=256 * MiB, cpu_seconds=5, wall_seconds=20, output_bytes=MiB))


def test_a_consumer_that_stops_early_ends_the_child(script, tmp_path):
    lines = script("import sys\nfor n in range(10**9):\n    print(n, flush=True)\n")
    chunks = stream(lines, b"", ROOMY)
    assert next(chunks).startswith(b"0\n")
    chunks.close()  # the child is killed and waited for: nothing is left running


def test_the_child_sees_no_environment(script, monkeypatch):
    monkeypatch.setenv("GRIEVANCE_RECEIPT_PEPPER", "Canary-pepper")
    env = script("import os, sys\nsys.stdout.write(repr(sorted(os.environ)))\n")
    assert b"GRIEVANCE" not in run(env, b"", ROOMY)
