"""infra/nginx/convene.conf in Debian's nginx, in front of the running CMS: `nginx -t`
accepts it; served over TLS it sends the security headers (CSP without 'unsafe-inline',
frame-ancestors 'none', HSTS, no-referrer), refuses oversized bodies, and keeps no access
log line and passes no client address for the reporting pages."""

import time

import httpx
import pytest

from tests.support.nginx import Proxy

CANARY = "192.0.2.201"


@pytest.fixture(scope="module")
def proxy(stack, tmp_path_factory):
    server = Proxy(
        tmp_path_factory.mktemp("nginx"),
        stack.url("cms").removeprefix("http://"),
        mailer=stack.url("mailer").removeprefix("http://"),
    )
    checked = server.check()
    server.start()
    yield {
        "base": server.base,
        "checked": checked,
        "folder": server.folder,
        "http": server.http_port,
        "tls": server.tls,
    }
    server.stop()


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


def test_a_browser_form_post_with_origin_null_passes_csrf_only_when_same_origin(proxy, stack):
    """With no-referrer, browsers send `Origin: null` on the site's own form posts."""
    from tests.support.site import csrf

    with httpx.Client(base_url=proxy["base"], verify=proxy["tls"], timeout=30) as client:
        page = client.get("/admin/login/")
        data = {**csrf(page.text), "username": "nobody", "password": "wrong"}
        own = client.post(
            "/admin/login/",
            data=data,
            headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
        )
        foreign = client.post(
            "/admin/login/",
            data=data,
            headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        )
    assert own.status_code == 200  # the login form again, with its error: not a CSRF 403
    assert foreign.status_code == 403


def test_only_sns_notifications_reach_the_mailer_through_the_proxy(proxy):
    with httpx.Client(base_url=proxy["base"], verify=proxy["tls"], timeout=30) as client:
        unsigned = client.post("/bounces/sns", json={"Type": "Notification"})
        read = client.get("/bounces/sns")
        other = client.get("/campaigns/")  # nothing else of the mailer is public: the CMS 404s
    # The mailer's own answer (no topic is configured here, so nothing is accepted).
    assert unsigned.status_code == 403
    assert "notifications are not accepted" in unsigned.json()["message"]
    assert read.status_code == 403 and other.status_code == 404


def test_the_admin_allow_list_is_off_by_default_and_when_on_refuses_other_addresses(
    proxy, stack, tmp_path
):
    with httpx.Client(base_url=proxy["base"], verify=proxy["tls"], timeout=30) as client:
        assert client.get("/admin/login/").status_code == 200  # off: anyone reaches sign-in
    # On, listing a network the test client is not in: the admin is refused, not the site.
    allowed = Proxy(
        tmp_path / "allow-list", stack.url("cms").removeprefix("http://"), listed="192.0.2.0/24"
    )
    assert allowed.check().returncode == 0
    allowed.start()
    try:
        with httpx.Client(base_url=allowed.base, verify=allowed.tls, timeout=30) as client:
            refused = [
                client.get(p) for p in ("/admin/", "/admin/login/", "/admin/password_reset/")
            ]
            home = client.get("/", follow_redirects=True)
    finally:
        allowed.stop()
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert home.status_code == 200
