"""infra/nginx/convene.conf's per-client limits (issue 17, section 1), in Debian's nginx in
front of a stub upstream that answers every request: a flood of public form posts from one
client is refused with 429 once the burst is spent; reading pages, the admin and one-click
unsubscribes are not limited; on the reporting path nothing is logged, even a refusal."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.support.nginx import Proxy


class _Answer(BaseHTTPRequestHandler):
    def _reply(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = _reply  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    server = Proxy(tmp_path_factory.mktemp("nginx"), f"127.0.0.1:{upstream.server_port}")
    checked = server.check()
    assert checked.returncode == 0, checked.stderr
    server.start()
    yield server
    server.stop()
    upstream.shutdown()


def flood(proxy, method: str, path: str, count: int) -> list[int]:
    with httpx.Client(base_url=proxy.base, verify=proxy.tls, timeout=10) as client:
        return [client.request(method, path, data={"a": "b"}).status_code for _ in range(count)]


def test_a_flood_of_form_posts_from_one_client_is_refused(proxy):
    codes = flood(proxy, "POST", "/fr/newsletter/subscribe/", 40)
    assert codes[:21] == [200] * 21  # the burst (20) and the first of the rate
    assert codes.count(429) >= 15, codes


def test_pages_the_admin_and_one_click_unsubscribes_are_not_limited(proxy):
    assert set(flood(proxy, "GET", "/newsletter/subscribe/", 40)) == {200}
    assert set(flood(proxy, "POST", "/admin/pages/3/edit/", 40)) == {200}
    assert set(flood(proxy, "POST", "/es/newsletter/unsubscribe/tok/", 40)) == {200}
    assert set(flood(proxy, "POST", "/mail/never/tok/", 40)) == {200}


def test_reports_are_limited_and_nothing_is_logged_on_the_reporting_path(proxy):
    codes = flood(proxy, "POST", "/review-ece/report/reprisal/", 20)
    assert codes[:11] == [200] * 11 and codes.count(429) >= 8, codes
    logged = (proxy.folder / "access.log").read_text() + (proxy.folder / "error.log").read_text()
    assert "/report/" not in logged and "convene_reports" not in logged
    assert "convene_forms" in logged  # the other refusals are logged, as nginx does
