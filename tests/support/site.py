"""Helpers that use the running demo site over HTTP, as a browser would."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

from tests.services.conftest import bearer


def csrf(html: str) -> dict:
    """The CSRF field of the first form on a page."""
    return {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(
            1
        )
    }


def report_fields(html: str) -> dict:
    """The hidden fields of a reporting form: CSRF and the form's ticket (the test stack
    waives the minimum fill time; tests/cms/test_form_abuse.py keeps it)."""
    ticket = re.search(r'name="ticket" value="([^"]+)"', html).group(1)
    return {**csrf(html), "ticket": ticket}


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
    """Signed in to the admin: the password, then the second factor (second_factor.py)."""
    from .second_factor import sign_in

    sign_in(client, username, password)


def cms_bearer(data_dir: Path, audience: str, **claims) -> bearer:
    """Headers signed with the running stack's CMS key (a fresh token on every use)."""
    key = (data_dir / "keys" / "cms-signing.key").read_bytes().hex()
    return bearer(audience, key=key, **claims)


def secretariat_headers(data_dir: Path, *regions: str) -> bearer:
    return cms_bearer(
        data_dir, "registration", subject="user:test", roles=["secretariat"], regions=regions
    )


def wait_for_mail(mail_dir: Path, needle: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.eml"):
            text = path.read_text(errors="replace")
            if needle in text:
                return text
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {needle} within {timeout}s")


def cms_headers(data_dir: Path) -> bearer:
    return cms_bearer(data_dir, "registration", roles=["cms"])


def eligible_pool(stack, event: str, track: str, tag: str, size: int, region: str) -> list[dict]:
    """`size` registrations sent to the service and found eligible by the secretariat;
    features vary (gender, age, country, migrant-led) as in a real pool."""
    import uuid

    service = stack.url("registration")
    people = []
    for i in range(size):
        person = {
            "event": event,
            "track": track,
            "name": f"Pool Person {tag} {i:02d}",
            "email": f"pool.{tag}.{i}@example.org",
            "organisation": f"Organisation {i % 9}",
            "country": ("SN", "KE", "NG", "ZA", "EG", "ET")[i % 6],
            "gender": ("woman", "man", "woman", "non_binary")[i % 4],  # tests rely on it
            "age_band": ("18_29", "30_59", "30_59", "60_plus")[i % 4],
            "migrant_led": i % 4 == 0,
            "language": "fr",
        }
        headers = {**cms_headers(stack.data_dir), "Idempotency-Key": uuid.uuid4().hex}
        response = httpx.post(f"{service}/registrations", json=person, headers=headers)
        assert response.status_code == 201, response.text
        people.append({**person, "id": response.json()["id"]})
    done = httpx.post(
        f"{service}/registrations/actions",
        json={"action": "eligible", "ids": [p["id"] for p in people]},
        headers=secretariat_headers(stack.data_dir, region),
    )
    assert done.status_code == 200, done.text
    return people


def poll(client: httpx.Client, url: str, timeout: float = 60) -> dict:
    """An admin page's JSON progress (`?format=json`), polled until it says it is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(url, params={"format": "json"}).json()
        if state["done"]:
            return state
        time.sleep(0.3)
    raise AssertionError(f"{url} did not finish: {state}")


def desk_passphrase(demo_output: str) -> str:
    return re.search(r"Reprisal desk passphrase for admin: (\S+)", demo_output).group(1)
