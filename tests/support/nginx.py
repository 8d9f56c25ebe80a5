"""Debian's nginx as a real process on loopback, with a throwaway TLS certificate."""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .ports import free_port

CONF = Path(__file__).resolve().parents[2] / "infra" / "nginx" / "convene.conf"


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    chain, private = folder / "fullchain.pem", folder / "privkey.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return chain, private


class Proxy:
    """infra/nginx/convene.conf in front of `cms` (host:port), on free loopback ports, plus
    any `extra` server blocks (e.g. a load balancer over service replicas); `listed` turns
    the admin's allow-list on with that one network."""

    def __init__(
        self,
        folder: Path,
        cms: str,
        extra: str = "",
        mailer: str = "127.0.0.1:9",
        listed: str = "",
    ):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.http_port, self.https_port = free_port(), free_port()
        chain, private = self_signed(folder)
        self.tls = ssl.create_default_context(cafile=str(chain))  # the test's own certificate
        site = (
            CONF.read_text()
            .replace("/etc/convene/tls/fullchain.pem", str(chain))
            .replace("/etc/convene/tls/privkey.pem", str(private))
            .replace("server 127.0.0.1:8000;", f"server {cms};")
            .replace("server 127.0.0.1:8003;", f"server {mailer};")
            .replace("listen 80;", f"listen 127.0.0.1:{self.http_port};")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;")
        )
        if listed:  # the admin's allow-list turned on, with only this network
            site = site.replace("    default 1;", f"    default 0;\n    {listed} 1;", 1)
        (folder / "convene.conf").write_text(site + extra)
        temp = "\n".join(
            f"  {kind}_temp_path {folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(
            f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            f"worker_processes 1;\nevents {{}}\nhttp {{\n"
            f"  access_log {folder / 'access.log'};\n{temp}\n"
            f"  include {folder / 'convene.conf'};\n}}\n"
        )
        self.process = None

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [nginx_binary(), "-t", "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)],
            capture_output=True,
            text=True,
        )

    def start(self) -> Proxy:
        self.process = subprocess.Popen(
            [
                nginx_binary(),
                "-c",
                str(self.folder / "nginx.conf"),
                "-p",
                str(self.folder),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(self.base + "/", verify=self.tls, timeout=2)
                return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer:\n{(self.folder / 'error.log').read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
