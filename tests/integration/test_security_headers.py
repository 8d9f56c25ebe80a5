"""Security headers from the application itself (no nginx in front), on every page type:
public pages in each language, the forms, the pages that show personal data, and the
admin's screens signed in. Each answer carries a Content-Security-Policy (the public one
without 'unsafe-inline'), nosniff, frame-ancestors 'none' and X-Frame-Options DENY, a
Referrer-Policy; pages that show or take personal data say `no-store`."""

from __future__ import annotations

import re
from collections import deque

import httpx
import pytest

from tests.support.journey import LANGUAGES, prefix

from .test_link_graph import OTHER_PREFIXES, SKIP, TYPES

FAKE = "t" * 43  # a token the services do not know: the page still says what it is
# Pages not linked from the site: reached from e-mails or typed.
DIRECT = {
    "my registration": f"/registration/mine/{FAKE}/",
    "consent": f"/registration/authorise/{FAKE}/",
    "newsletter confirmation": f"/newsletter/confirm/{FAKE}/",
    "unsubscribe": f"/newsletter/unsubscribe/{FAKE}/",
    "reporting follow-up": "/review-ece/report/follow-up/",
    "reporting chooser": "/reporting/",
    "not found": "/no-such-page/",
}
# Page types that show or take personal data: no copy may stay in any cache.
PERSONAL = {
    "registration form",
    "submission form",
    "reporting",
    "grievance form",
    "reprisal form",
    "newsletter",
    "my registration link",
    "my registration",
    "consent",
    "newsletter confirmation",
    "unsubscribe",
    "reporting follow-up",
}
ADMIN_SKIP = ("/logout/", "/admin/jsi18n/", "/bulk/", "/export", "format=", "/usage/")
ADMIN_SHAPES = 120


def check(url: str, response: httpx.Response, admin: bool = False) -> list[str]:
    """What is wrong with one response's headers."""
    headers, wrong = response.headers, []
    csp = headers.get("Content-Security-Policy", "")
    framed = "frame-ancestors 'self'" if headers.get("X-Frame-Options") == "SAMEORIGIN" else None
    if "default-src 'self'" not in csp or "object-src 'none'" not in csp:
        wrong.append(f"{url}: CSP {csp!r}")
    if "frame-ancestors 'none'" not in csp and not (framed and framed in csp):
        wrong.append(f"{url}: frame-ancestors {csp!r}")
    if not admin and "unsafe-inline" in csp:
        wrong.append(f"{url}: the public CSP allows inline code")
    if "http" in csp:  # nothing from another origin, not even in the admin
        wrong.append(f"{url}: CSP names another origin")
    if headers.get("X-Content-Type-Options") != "nosniff":
        wrong.append(f"{url}: no nosniff")
    if headers.get("X-Frame-Options") not in ("DENY", framed and "SAMEORIGIN"):
        wrong.append(f"{url}: X-Frame-Options {headers.get('X-Frame-Options')!r}")
    if headers.get("Referrer-Policy") not in ("same-origin", "no-referrer"):
        wrong.append(f"{url}: Referrer-Policy {headers.get('Referrer-Policy')!r}")
    if admin and "no-store" not in headers.get("Cache-Control", ""):
        wrong.append(f"{url}: admin page without no-store")
    return wrong


def page_type(path: str) -> str | None:
    return next((name for name, rule in TYPES.items() if re.search(rule, path)), None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_type_sends_the_security_headers(stack, language):
    own, found, wrong = prefix(language) + "/", {}, []
    queue, seen = deque([own] + [prefix(language) + p for p in DIRECT.values()]), set()
    direct = {prefix(language) + p: name for name, p in DIRECT.items()}
    with httpx.Client(base_url=stack.url("cms"), timeout=30) as web:
        while queue and len(seen) < 120 and len(found) < len(TYPES) + len(DIRECT):
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            response = web.get(path)
            assert response.status_code < 500, f"{path}: {response.status_code}"
            wrong += check(path, response)
            kind = direct.get(path) or page_type(path)
            if kind and kind not in found:
                found[kind] = response
                no_store = "no-store" in response.headers.get("Cache-Control", "")
                if kind in PERSONAL and not no_store:
                    wrong.append(f"{path}: {kind} without no-store")
            if "html" in response.headers.get("content-type", ""):
                for href in re.findall(r'<a [^>]*href="(/[^"#?]*)', response.text):
                    other = language == "en" and OTHER_PREFIXES.match(href)
                    if href.startswith(own) and not other and not any(s in href for s in SKIP):
                        queue.append(href)
    missing = sorted((set(TYPES) | set(DIRECT)) - set(found))
    assert missing == [], f"{language}: page types not reached: {missing}"
    assert wrong == []


def shape(path: str) -> str:
    """An admin address with its ids as placeholders: one page of each shape is checked."""
    return re.sub(r"/(\d+|[0-9a-f-]{32,36}|[0-9a-z-]{20,})/", "/{id}/", path)


def test_every_admin_screen_sends_the_security_headers_and_no_store(admin):
    queue, shapes, wrong, errors = deque(["/admin/"]), {}, [], []
    while queue and len(shapes) < ADMIN_SHAPES:
        path = queue.popleft()
        if shape(path) in shapes:
            continue
        response = admin.get(path)
        shapes[shape(path)] = response.status_code
        if response.status_code >= 500:
            errors.append(f"{path}: {response.status_code}")
        wrong += check(path, response, admin=True)
        if "html" in response.headers.get("content-type", ""):
            for href in re.findall(r'href="(/admin/[^"#]*)"', response.text):
                href = href.replace("&amp;", "&")
                if not any(s in href for s in ADMIN_SKIP) and shape(href) not in shapes:
                    queue.append(href)
    assert len(shapes) >= 40, sorted(shapes)  # the crawl reached the admin's screens
    assert errors == []
    assert wrong == []
