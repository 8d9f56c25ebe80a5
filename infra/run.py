"""`make run`: set up and start the whole system on the embedded defaults."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from .stack import ROOT, Ports, Stack, StackError


def _interrupt(*_args):
    raise KeyboardInterrupt


def main() -> int:
    data_dir = Path(os.environ.get("CONVENE_DATA_DIR", ROOT / "var")).resolve()
    stack = Stack(data_dir=data_dir, ports=Ports.from_env())
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # even if started with SIGINT ignored (`cmd &`)
    try:
        print(f"Setting up in {data_dir} ...", flush=True)
        out = stack.start()
        if out.strip():
            print(out.strip())
        print(
            f"""
Convene is running (logs in {stack.log_dir}, e-mails in {stack.mail_dir}):
  website        {stack.url("cms")}/
  admin          {stack.url("cms")}/admin/  (first sign-in: set up a second factor)
  registration   {stack.url("registration")}/openapi.json
  grievance      {stack.url("grievance")}/openapi.json
  mailer         {stack.url("mailer")}/openapi.json
  SMTP sink      127.0.0.1:{stack.ports.smtp}
Press Ctrl-C to stop.""",
            flush=True,
        )
        while True:
            for name, (proc, _log) in stack.processes.items():
                if proc.poll() is not None:
                    raise StackError(f"{name} stopped unexpectedly:\n{stack.log_tail(name)}")
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
        return 0
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
