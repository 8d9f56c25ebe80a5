"""infra/nginx/convene.conf in Debian's nginx, in front of the running CMS: `nginx -t`
accepts it; served over TLS it sends the security headers (CSP without 'unsafe-inline',
frame-ancestors 'none', HSTS, no-referrer), refuses oversized bodies, and keeps no access
log line and passes no client address for the reporting pages."""

import datetime
import ipaddress
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.ports import free_port

CONF = Path(__file__).resolve().parents[2] / "infra" / "nginx" / "convene.conf"
CANARY = "192.0.2.201"


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


@pytest.fixture(scope="module")
def proxy(stack, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    chain, private = self_signed(folder)
    http_port, https_port = free_port(), free_port()
    cms = stack.url("cms").removeprefix("http://")
    site = (
        CONF.read_text()
        .replace("/etc/convene/tls/fullchain.pem", str(chain))
        .replace("/etc/convene/tls/privkey.pem", str(private))
        .replace("server 127.0.0.1:8000;", f"server {cms};")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    )
    (folder / "convene.conf").write_text(site)
    temp = "\n".join(
        f"  {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nworker_processes 1;\n"
        f"events {{}}\nhttp {{\n  access_log {folder / 'access.log'};\n{temp}\n"
        f"  include {folder / 'convene.conf'};\n}}\n"
    )
    checked = subprocess.run(
        [nginx_binary(), "-t", "-c", str(folder / "nginx.conf"), "-p", str(folder)],
        capture_output=True,
        text=True,
    )
    server = subprocess.Popen(
        [nginx_binary(), "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"https://127.0.0.1:{https_port}"
    trust = ssl.create_default_context(cafile=str(chain))  # the test's own certificate
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/", verify=trust, timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield {"base": base, "checked": checked, "folder": folder, "http": http_port, "tls": trust}
    server.terminate()
    server.wait(timeout=10)


def test_nginx_accepts_the_configuration(proxy):
    assert proxy["checked"].returncode == 0, proxy["checked"].stderr
    assert "test is successful" in proxy["checked"].stderr


def test_security_headers_and_no_log_or_address_for_the_reporting_path(proxy, stack):
    with httpx.Client(base_url=proxy["base"], verify=proxy["tls"], timeout=30) as client:
        home = client.get("/", follow_redirects=True)
        report = client.get("/review-ece/report/", headers={"X-Forwarded-For": CANARY})
        plain = httpx.get(f"http://127.0.0.1:{proxy['http']}/review-ece/report/", timeout=10)
    assert home.status_code == 200 and report.status_code == 200
    csp = report.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert report.headers["Referrer-Policy"] == "no-referrer"
    assert report.headers["Strict-Transport-Security"].startswith("max-age=")
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    time.sleep(0.5)
    logged = (proxy["folder"] / "access.log").read_text()
    assert "GET / " in logged and "/report/" not in logged and CANARY not in logged
    for path in stack.log_dir.glob("*.log"):
        assert CANARY not in path.read_text(errors="replace"), path.name


def test_an_oversized_report_is_refused_by_the_proxy(proxy):
    body = b"x" * (56 * 1024 * 1024)
    with httpx.Client(base_url=proxy["base"], verify=proxy["tls"], timeout=60) as client:
        refused = client.post("/review-ece/report/grievance/", content=body)
    assert refused.status_code == 413
