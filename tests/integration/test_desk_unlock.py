"""The reprisal desk's unlock lives only in the member's browser (issue 16, path 3).

During an unlock, copies of every database (the CMS's sessions included) and every file of
the system's data folder (configuration, key files, SQLite databases) hold no unlock
secret, so they open no reprisal report; the member's own browser, holding the cookie,
still reads the report."""

import html
import re
import secrets

import httpx

from tests.support.site import admin_password, csrf, desk_passphrase, login, report_fields

DESK = "/admin/convene/intake/desk/"
SESSIONS = """
from django.contrib.sessions.models import Session
for session in Session.objects.all():
    print(session.get_decoded())
"""


def test_an_unlock_opens_reports_in_the_browser_and_nowhere_else(stack, admin):
    tag = secrets.token_hex(3)
    with httpx.Client(base_url=stack.url("cms"), timeout=30) as public:
        form = public.get("/review-ece/report/reprisal/")
        sent = public.post(
            "/review-ece/report/reprisal/",
            data={
                **report_fields(form.text),
                "category": "intimidation",
                "what_happened": f"Canary-Desk {tag}: followed after the consultation.",
                "danger": "no",
            },
        )
    assert sent.status_code == 200, sent.text[:600]

    page = admin.get(DESK)
    unlocked = admin.post(
        DESK,
        data={
            **csrf(page.text),
            "action": "unlock",
            "passphrase": desk_passphrase(stack.demo_output),
        },
    )
    assert unlocked.status_code == 200
    [cookie] = [c for c in admin.cookies.jar if c.name == "convene_desk_unlock"]
    assert cookie.path == "/admin/convene/intake/"
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert (cookie.get_nonstandard_attr("SameSite") or "").lower() == "strict"
    secret = cookie.value.split(".", 1)[1]

    # Everything the server side holds, taken now: no trace of the secret.
    sessions = stack.manage("shell", "-c", SESSIONS)
    assert sessions.strip() and secret not in sessions
    for path in stack.data_dir.rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            data = path.read_bytes()
            assert secret.encode() not in data and bytes.fromhex(secret) not in data, path

    # The member's browser still reads the report.
    queue = admin.get("/admin/convene/intake/cases/reprisals/")
    for link in re.findall(
        r'href="(/admin/convene/intake/cases/reprisals/[0-9a-f-]{36}/)"', queue.text
    ):
        case = html.unescape(admin.get(link).text)
        if f"Canary-Desk {tag}" in case:
            break
    assert f"Canary-Desk {tag}" in case
    # Locked again, the cookie is gone and the report does not open.
    locked = admin.post(DESK, data={**csrf(admin.get(DESK).text), "action": "lock"})
    assert locked.status_code == 200
    assert "The desk is locked." in locked.text  # (it used to say "Choose a member.")
    assert not [c for c in admin.cookies.jar if c.name == "convene_desk_unlock"]
    assert f"Canary-Desk {tag}" not in html.unescape(admin.get(link).text)

    # Unlocked again, then signing out locks the desk: the old cookie opens nothing.
    passphrase = desk_passphrase(stack.demo_output)
    page = admin.get(DESK)
    admin.post(DESK, data={**csrf(page.text), "action": "unlock", "passphrase": passphrase})
    [cookie] = [c for c in admin.cookies.jar if c.name == "convene_desk_unlock"]
    assert cookie.expires is None  # a browser-session cookie, never written to disk
    token = next(c.value for c in admin.cookies.jar if c.name == "csrftoken")
    signed_out = admin.post("/admin/logout/", data={"csrfmiddlewaretoken": token})
    assert "/admin/login/" in str(signed_out.url)
    login(admin, "admin", admin_password(stack.demo_output))
    admin.cookies.set(cookie.name, cookie.value, domain=cookie.domain, path=cookie.path)
    assert f"Canary-Desk {tag}" not in html.unescape(admin.get(link).text)
