"""`moto_server` as a real process on loopback, for the AWS clients."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from .ports import free_port


class MotoServer:
    def __init__(self):
        self.port = free_port()
        self.proc = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MotoServer:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/moto-api/", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("moto_server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)

    def client(self, service: str):
        import boto3

        return boto3.client(
            service,
            region_name="eu-west-1",
            endpoint_url=self.url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )  # noqa: S106
