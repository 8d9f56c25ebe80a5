"""From each language's home page, links alone reach every public page type, in that language.

A visitor who cannot type addresses (or does not know them) must still find the calendar,
the registration form, the submission form, the reporting page and the newsletter. The
crawl stays inside the language's own prefix: a link that drops a French reader on an
English page without saying so (`hreflang`) counts as a broken link, not a way through.
"""

from __future__ import annotations

import html
import re
import secrets
from collections import deque

import httpx
import pytest

from tests.support.journey import LANGUAGES, prefix
from tests.support.site import csrf, eligible_pool, poll

from .test_selection_admin import ADMIN, EVENT, KEY, form_data

TYPES = {
    "regional review": r"/review-[a-z]+/$",
    "criteria": r"/criteria/$",
    "calendar": r"/calendar/$",
    "event": r"/calendar/[a-z0-9-]+/$",
    "registration form": r"/register/[0-9a-f-]{36}/$",
    "submission form": r"/send-a-submission/$",
    "submission index": r"/submissions/$",
    "submission": r"/submissions/[a-z0-9-]+/$",
    "reporting": r"/report/$",
    "grievance form": r"/report/grievance/$",
    "reprisal form": r"/report/reprisal/$",
    "newsletter": r"/newsletter/subscribe/$",
    "my registration link": r"/registration/link/$",
}
SKIP = ("/static/", "/media/", "/admin/", "/documents/", "/ical/", "/json/")
OTHER_PREFIXES = re.compile(r"^/(" + "|".join(c for c in LANGUAGES if c != "en") + ")/")


def crawl(base: str, language: str, limit: int = 400) -> tuple[dict, list]:
    """Pages reached from the home page by links, and links that leave the language."""
    own = prefix(language) + "/"
    seen, queue, wrong = {}, deque([own]), []
    reports = set()
    with httpx.Client(base_url=base, timeout=30) as web:
        while queue and len(seen) < limit:
            path = queue.popleft()
            if path in seen:
                continue
            response = web.get(path)
            seen[path] = response.status_code
            if response.status_code != 200 or "html" not in response.headers["content-type"]:
                continue
            main = response.text.split("<main", 1)[-1]
            if 'class="selection-report"' in main:
                reports.add(path)
            for anchor, href in re.findall(r'(<a [^>]*href="(/[^"#?]*)[^>]*>)', main):
                if any(s in href for s in SKIP):
                    continue
                foreign = OTHER_PREFIXES.match(href) if language == "en" else None
                if (language != "en" and not href.startswith(own)) or foreign:
                    # A link to another language's page is fine when it says so (hreflang).
                    if "hreflang=" not in anchor:
                        wrong.append((path, href))
                    continue
                if href not in seen:
                    queue.append(href)
    seen["selection report"] = 200 if reports else 404
    return seen, wrong


@pytest.fixture(scope="module")
def published_report(stack, admin):
    """A selection drawn and its report published on the ECA consultation's page."""
    listing = admin.get(f"{ADMIN}/selections/")
    key = re.search(rf'<option value="({KEY})"[^>]*>{re.escape(EVENT)}', listing.text).group(1)
    url = f"{ADMIN}/events/{key}/selections/new/"
    setup = admin.get(url)
    track = re.search(rf'<option value="({KEY})"[^>]*>Civil society<', setup.text).group(1)
    tag = secrets.token_hex(3)
    eligible_pool(stack, key, track, tag, 8, "ECA")
    queued = admin.post(url, data=form_data(setup.text, f"Links {tag}", 4, track, [], "run"))
    detail = str(queued.url).replace(stack.url("cms"), "")
    assert poll(admin, detail, timeout=120)["status"] == "ready"
    ready = html.unescape(admin.get(detail).text)
    drawn = admin.post(detail, data={**csrf(ready), "action": "draw"})
    published = admin.post(detail, data={**csrf(drawn.text), "action": "publish"})
    assert "The report is published on the event&#x27;s page." in published.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_is_reached_by_links_in_its_language(stack, published_report, language):
    seen, wrong = crawl(stack.url("cms"), language)
    assert seen.pop("selection report") == 200, f"{language}: no published selection report"
    broken = {path: status for path, status in seen.items() if status >= 400}
    reached = {name for name, rule in TYPES.items() for path in seen if re.search(rule, path)}
    assert sorted(set(TYPES) - reached) == [], f"{language}: not reached from the home page"
    assert broken == {}
    assert wrong == [], f"{language}: links out of the language's pages: {wrong[:8]}"
