"""Helpers that use the running demo site over HTTP, as a browser would."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

from services.common.auth import TokenIssuer


def csrf(html: str) -> dict:
    """The CSRF field of the first form on a page."""
    return {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(
            1
        )
    }


def form_fields(html: str) -> dict:
    """The hidden fields of the registration form: CSRF and the idempotency key."""
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    return {**csrf(html), "idempotency_key": key}


def event_url(client: httpx.Client) -> str:
    home = client.get("/").text
    return re.search(r'href="(/[^"]*consultation[^"]*/)"', home).group(1)


def track_form_url(client: httpx.Client, event_path: str, index: int = 0) -> str:
    """The registration form of one of an event's open tracks."""
    chooser = client.get(event_path + "register/")
    forms = re.findall(r'href="(/[^"]*/register/[0-9a-f-]{36}/)"', chooser.text)
    if not forms and "/register/" in str(chooser.url):
        return chooser.url.path  # a single track: the chooser went straight to its form
    return forms[index]


def admin_password(demo_output: str) -> str:
    return re.search(r"Admin user created: admin / (\S+)", demo_output).group(1)


def login(client: httpx.Client, username: str, password: str) -> None:
    page = client.get("/admin/login/")
    client.post(
        "/admin/login/",
        data={**csrf(page.text), "username": username, "password": password},
    )


def secretariat_headers(data_dir: Path, *regions: str) -> dict:
    secret = (data_dir / "keys" / "service-jwt.key").read_bytes().hex()
    token = TokenIssuer(secret, "cms").issue(
        "registration", subject="user:test", roles=["secretariat"], regions=regions
    )
    return {"Authorization": f"Bearer {token}"}


def wait_for_mail(mail_dir: Path, needle: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.eml"):
            text = path.read_text(errors="replace")
            if needle in text:
                return text
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {needle} within {timeout}s")
