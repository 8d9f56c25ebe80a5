"""Issue 17, section 5, through infra/nginx/convene.conf in front of the whole stack:

- after a full journey (a newsletter subscription confirmed and unsubscribed, also in
  one click; a young person's registration with the guardian's consent; "my registration"
  opened, read and downloaded), no token of any e-mailed link is in nginx's access or
  error log, nor in any process's log;
- a report's body never reaches nginx's temporary files (their folder is unwritable here,
  so a body written there would fail), and the largest report the form promises (5 files
  of 10 MB) goes through, with the CMS's and the grievance service's processes under their
  Kubernetes memory limits; a larger one is refused with the CMS's page, in French.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from pathlib import Path

import httpx
import pytest

from tests.support.bombs import k8s_memory_limit
from tests.support.journey import link_in, mails
from tests.support.nginx import Proxy
from tests.support.site import csrf, event_url, form_fields, report_fields, track_form_url

MiB = 1024 * 1024
TOKEN_LINK = re.compile(
    r"/(?:registration/(?:mine|authorise|guardian|accept)|newsletter/(?:confirm|unsubscribe))"
    r"/([^/\s]+)/"
)


@pytest.fixture(scope="module")
def proxy(stack, tmp_path_factory):
    server = Proxy(
        tmp_path_factory.mktemp("nginx-leaks"),
        stack.url("cms").removeprefix("http://"),
        mailer=stack.url("mailer").removeprefix("http://"),
    )
    server.start()
    # From here on nginx's workers cannot write a request body to a temporary file: a body
    # it would spool fails with 500 instead of lying on disk.
    spool = server.folder / "client_body"
    if os.geteuid() == 0:  # nginx's workers run as nobody; it gave them the folder
        shutil.chown(spool, "root", "root")
    spool.chmod(0o500)
    yield server
    spool.chmod(0o700)
    server.stop()


# What a browser sends with a form: the page's own origin, which under no-referrer is
# "null", and Fetch Metadata saying the post is same-origin (infra/nginx/convene.conf).
BROWSER = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}


def client(proxy: Proxy, headers: dict | None = BROWSER, follow: bool = True) -> httpx.Client:
    return httpx.Client(
        base_url=proxy.base, verify=proxy.tls, timeout=120, follow_redirects=follow, headers=headers
    )


def through(proxy: Proxy, link: str) -> str:
    """An e-mailed link (to the CMS's own address) as a path to ask the proxy for."""
    return re.sub(r"^https?://[^/]+", "", link)


def everything_logged(proxy: Proxy, stack) -> dict[str, str]:
    time.sleep(0.5)  # nginx and the processes write their lines
    logs = {
        f"nginx {name}": (proxy.folder / name).read_text(errors="replace")
        for name in ("access.log", "error.log")
    }
    for path in stack.log_dir.glob("*.log"):
        logs[path.name] = path.read_text(errors="replace")
    return logs


def test_no_token_of_an_emailed_link_reaches_any_log_after_a_full_journey(proxy, stack):
    tag = secrets.token_hex(3)
    reader, person = f"reader.{tag}@example.org", f"young.{tag}@example.org"
    guardian = f"guardian.{tag}@example.org"
    tokens: list[str] = []

    with client(proxy) as web:
        # The newsletter: subscribe, confirm from the e-mail.
        form = web.get("/fr/newsletter/subscribe/")
        web.post(
            "/fr/newsletter/subscribe/",
            data={**csrf(form.text), "email": reader, "name": "Reader"},
        )
        confirmation = mails(stack.mail_dir, reader)[0]
        link = link_in(confirmation, "/newsletter/confirm/")
        tokens.append(TOKEN_LINK.search(link).group(1))
        page = web.get(through(proxy, link))
        assert page.url.path == "/fr/newsletter/confirm/" and tokens[-1] not in str(page.url)
        confirmed = web.post(page.url.path, data=csrf(page.text))
        assert "Abonnement confirmé" in confirmed.text

        # A young person registers; the guardian consents from the e-mail.
        url = track_form_url(web, event_url(web))
        registration = web.get(url)
        answers = {
            "name": f"Young Canary {tag}",
            "email": person,
            "organisation": "Canary Youth",
            "country": "SN",
            "age_band": "under_18",
            "guardian_email": guardian,
            "gender": "prefer_not_to_say",
        }
        thanks = web.post(url, data={**form_fields(registration.text), **answers})
        assert thanks.url.path.endswith("/register/thanks/"), thanks.text[:2000]
        consent = link_in(mails(stack.mail_dir, guardian)[0], "/registration/guardian/")
        tokens.append(TOKEN_LINK.search(consent).group(1))
        with client(proxy) as guardians_browser:
            page = guardians_browser.get(through(proxy, consent))
            assert page.url.path == "/registration/guardian/", page.url
            done = guardians_browser.post(page.url.path, data=csrf(page.text))
            assert done.status_code == 200 and 'role="status"' in done.text

        # "My registration": opened from the receipt, read, downloaded.
        receipt = mails(stack.mail_dir, person, needle="/registration/mine/")[0]
        mine = link_in(receipt, "/registration/mine/")
        tokens.append(TOKEN_LINK.search(mine).group(1))
        page = web.get(through(proxy, mine))
        assert page.status_code == 200 and page.url.path.endswith("/registration/mine/")
        assert f"Young Canary {tag}" in page.text
        download_path = page.url.path + "download/"
        download = web.post(download_path, data=csrf(page.text))
        assert download.json()["name"] == f"Young Canary {tag}"

        # The welcome e-mail's way out: a person's click, and a mail program's one click.
        welcome = mails(stack.mail_dir, reader, needle="/newsletter/unsubscribe/")[0]
        leave = link_in(welcome, "/newsletter/unsubscribe/")
        tokens.append(TOKEN_LINK.search(leave).group(1))
        page = web.get(through(proxy, leave))
        assert page.url.path == "/fr/newsletter/unsubscribe/"
    with client(proxy, headers=None) as mail_program:  # RFC 8058: no cookie, no CSRF token
        one_click = mail_program.post(through(proxy, leave), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200

    # A link that is not valid (a typo, an expired token) fails without a trace either.
    forged = "Canary" + secrets.token_urlsafe(24)
    tokens.append(forged)
    with client(proxy) as web:
        refused = web.get(f"/registration/mine/{forged}/")
    assert refused.status_code == 404

    logs = everything_logged(proxy, stack)
    assert "GET /fr/newsletter/subscribe/ " in logs["nginx access.log"]  # lines are written
    assert "GET /registration/mine/ " in logs["nginx access.log"]  # the clean address is
    for token in tokens:
        for name, text in logs.items():
            assert token not in text, f"a link's token is in {name}"


def report(web: httpx.Client, path: str, files: list[tuple[str, bytes]]) -> httpx.Response:
    form = web.get(path)
    data = {
        **report_fields(form.text),
        "category": "other",
        "description": "Canary-Proxy: the largest report.",
        "danger": "no",
    }
    uploads = [("evidence", (name, content, "application/pdf")) for name, content in files]
    return web.post(path, data=data, files=uploads)


def peak_mib(stack, name: str) -> float:
    """The largest high-water mark (VmHWM) of the gunicorn workers of `name`."""
    master = stack.processes[name][0].pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def test_a_report_is_held_in_memory_by_nginx_and_fits_every_process(proxy, stack):
    with client(proxy) as web:
        # The control: elsewhere nginx writes a body over 16 KB to its (unwritable) folder.
        spooled = web.post("/newsletter/subscribe/", data={"email": "x" * (100 * 1024)})
        assert spooled.status_code == 500
        files = [
            (f"evidence-{n}.pdf", b"%PDF-1.7\n" + bytes([n]) * (10 * MiB - 9)) for n in range(5)
        ]
        sent = report(web, "/review-ece/report/grievance/", files)
    assert sent.status_code == 200, sent.text[:2000]
    assert re.search(r'id="receipt-code"[^>]*><span class="group">\w{5}<', sent.text)  # the code
    figures = {part: peak_mib(stack, part) for part in ("cms", "grievance")}
    print(f"peaks after the largest report (VmHWM, MiB): {figures}")
    assert figures["cms"] < k8s_memory_limit("cms", "cms")
    assert figures["grievance"] < k8s_memory_limit("grievance")


def test_a_report_over_the_promise_gets_the_cms_page_in_the_readers_language(proxy):
    with client(proxy) as web:
        refused = web.post(
            "/fr/review-ece/report/grievance/",
            content=b"x" * (52 * MiB),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert refused.status_code == 413
    assert "Votre signalement n’a pas été envoyé" in refused.text
    assert 'lang="fr"' in refused.text


def test_the_proxy_passes_cookies_and_the_clean_address_carries_no_token(proxy, stack):
    """The exchange's redirect, as nginx passes it on."""
    with client(proxy, follow=False) as web:
        answer = web.get("/es/newsletter/confirm/CanaryToken1234567890/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/es/newsletter/confirm/"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "CanaryToken" not in cookie
