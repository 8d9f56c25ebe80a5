"""What every page a journey passes must satisfy, checked in the real browser.

`PageChecks.check(page)` runs the rules a person would notice breaking: no horizontal
scrolling at the phone's width, nothing clipped, radios and checkboxes beside their labels,
every ARIA reference resolving, no English text left on a page in another language (built
from the catalogues and from the English version of the same page, never from a hand list),
times that agree with the event's iCal feed, axe-core clean, and a 60 KB page budget.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = (
    ROOT / "cms" / "wagtail_convene" / "locale",
    ROOT / "cms" / "demo" / "home" / "locale",
)
LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru", "pt")
# The language each long browser journey is walked in, on a phone: one per journey,
# rotated so that with the floor-speaker journey (French) and the site and outreach tests
# (English) every language is walked in the browser, and Arabic (right to left) in a
# public and an admin journey. Every page of every language is still rendered and checked
# without a browser (tests/cms: test_demo_content, the catalogue tests) and crawled in
# tests/integration/test_security_headers.py; each journey in all seven languages cost
# about seven minutes of `make test` for what these cover.
WALKED_IN = {
    "register": ("ru",),
    "submission": ("pt",),
    "grievance": ("ar",),
    "decide": ("ar",),
    "selection": ("zh-hans",),
    "event": ("es",),
}
BUDGET = 60 * 1024
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\{[^}]*\}|<[^>]+>")
# Not words of any language: time-zone names, e-mail addresses, web addresses.
NOT_WORDS = re.compile(r"\b[A-Z][A-Za-z_]+/[A-Za-z_/-]+|\bUTC\b|\S+@\S+|https?://\S+")
# Arabic-Indic and Eastern Arabic-Indic digits, as Arabic pages may show them.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def prefix(language: str) -> str:
    return "" if language == "en" else f"/{language}"


def _catalogue_dir(language: str) -> str:
    return {"zh-hans": "zh_Hans"}.get(language, language)


def _phrases(text: str) -> list[str]:
    """The literal runs of an English text worth looking for: three words or more."""
    runs = []
    for run in PLACEHOLDER.split(text):
        run = run.strip(" \t\n:;,.!?()«»\"'·–-")
        if words(run) >= 3 and len(run) >= 15:
            runs.append(" ".join(run.split()))
    return runs


@cache
def english_phrases(language: str) -> tuple[str, ...]:
    """English runs of every catalogue message that `language` translates differently."""
    found = set()
    for folder in CATALOGUES:
        po = folder / _catalogue_dir(language) / "LC_MESSAGES" / "django.po"
        if not po.exists():
            continue
        with open(po, "rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            translated = " ".join(s for s in strings if s)
            for msgid in ids:
                found.update(p for p in _phrases(msgid) if p not in translated)
    return tuple(sorted(found))


# Visible text in the page's own language: what sits inside an element marked with another
# `lang` (a submission in its own language, a language's own name) is not a leak.
OWN_TEXT_JS = """
() => {
  const pageLang = (document.documentElement.lang || 'en').toLowerCase().split('-')[0];
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest('script,style,noscript,template')) continue;
    if (!el.checkVisibility()) continue;
    const marked = el.closest('[lang]');
    const lang = marked ? marked.getAttribute('lang').toLowerCase().split('-')[0] : pageLang;
    if (lang !== pageLang) continue;
    out.push(walker.currentNode.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],img[alt]')) {
    const marked = el.closest('[lang]');
    const lang = marked ? marked.getAttribute('lang').toLowerCase().split('-')[0] : pageLang;
    if (lang !== pageLang) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
      if (el.hasAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out.join('\\n').replace(/\\s+/g, ' ');
}
"""

# Text blocks of another HTML document (the English version of the same page).
BLOCKS_JS = """
(html) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out = [];
  const main = doc.querySelector('main') || doc.body;
  const walker = doc.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el.closest('script,style,template')) continue;
    if (el.closest('[lang]') && el.closest('[lang]') !== doc.documentElement) continue;
    out.push(walker.currentNode.textContent.replace(/\\s+/g, ' ').trim());
  }
  for (const el of main.querySelectorAll('p, h1, h2, h3, h4, li, dd, label, legend, td')) {
    if (el.closest('[lang]') && el.closest('[lang]') !== doc.documentElement) continue;
    out.push(el.textContent.replace(/\\s+/g, ' ').trim());
  }
  return out;
}
"""

LAYOUT_JS = """
() => {
  const problems = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.name ? '[name=' + el.name + ']' : '') + ' "' + (el.textContent || el.value || '')
      .trim().slice(0, 40) + '"';
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && el.checkVisibility())
      .slice(-3).map(describe);
    problems.push(`horizontal scroll: ${document.documentElement.scrollWidth}px at ${width}px `
      + `(${wide.join(', ')})`);
  }
  // A text field scrolls a long value by design: fields are checked for fitting the screen,
  // what shows a fixed text (buttons, codes, selects) for showing all of it.
  const fields = 'input:not([type=hidden]):not([type=radio]):not([type=checkbox])'
    + ':not([type=file]), select, button, textarea, code, kbd, .receipt, a.button';
  for (const el of document.querySelectorAll(fields)) {
    if (!el.checkVisibility()) continue;
    if (el.tagName === 'TEXTAREA' || el.closest('pre')) continue;
    if (el.tagName !== 'INPUT' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`clipped: ${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`);
    }
    const box = el.getBoundingClientRect();
    // Inside a labelled region that scrolls sideways (a wide data table) is reachable.
    const region = el.closest('[role=region][tabindex]');
    const scrolls = region && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX);
    if (!scrolls && (box.right > width + 1 || box.left < -1)) {
      problems.push(`off screen: ${describe(el)}`);
    }
  }
  for (const box of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    if (!box.checkVisibility()) continue;
    const label = box.labels && box.labels[0];
    // A tick in a table row is named by aria-label; the row shows whose it is.
    if (!label && (box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'))) continue;
    if (!label) { problems.push(`no label: ${describe(box)}`); continue; }
    const range = document.createRange();
    range.selectNodeContents(label);
    const lines = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1);
    const b = box.getBoundingClientRect();
    // A label in mixed scripts is several runs: one of them must sit right beside the box.
    const beside = lines.some((r) => (r.right <= b.left + 1 || r.left >= b.right - 1)
      && r.top < b.bottom + 6 && r.bottom > b.top - 6
      && Math.min(Math.abs(r.left - b.right), Math.abs(b.left - r.right)) < 48);
    if (!beside) problems.push(`label not beside its ${box.type}: ${describe(box)}`);
  }
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const name of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(name) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${name}="${id}" on ${describe(el)}`);
      }
    }
  }
  return problems;
}
"""

WEIGHT_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const own = nav ? (nav.transferSize || nav.encodedBodySize) : 0;
  return own + performance.getEntriesByType('resource')
    .filter((r) => r.initiatorType !== 'fetch' && r.initiatorType !== 'xmlhttprequest')
    .reduce((sum, r) => sum + (r.transferSize || r.encodedBodySize), 0);
}
"""


# axe-core takes a second a page: each page shape is audited once per language and run.
_AUDITED: set = set()


def wait_until(page, expression: str, arg=None, timeout: float = 5, polling: float = 0.1):
    """`page.wait_for_function` without its string evaluation inside the page, which the
    site's Content-Security-Policy refuses (no 'unsafe-eval'): `page.evaluate` goes through
    the browser's debugging protocol, as a user's own developer tools would."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {expression[:60]}")
        time.sleep(polling)


def shape(url: str) -> str:
    """A page's address with its ids and tokens blanked: one shape per page type."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
    return re.sub(r"/[^/]*[0-9][^/]*/", "/*/", path)


@dataclass
class PageChecks:
    """The rules, run on each page a journey passes; `visited` records what was checked."""

    language: str
    base: str
    visited: list = field(default_factory=list)
    axe: Axe = field(default_factory=Axe)
    # An admin screen: Wagtail's own scripts are outside the public page budget, and
    # axe-core audits our part of the screen (<main>).
    admin: bool = False

    def check(self, page, *, axe: bool = True, layout: bool = True) -> None:
        """`layout=False` and `axe=False` leave out those rules for Wagtail's own page
        editor: its minimap and comment buttons sit beyond a phone's edge, and its rich
        text box (Draftail) has no accessible name; both are Wagtail's, not Convene's."""
        page.wait_for_load_state("load")
        # Colours are measured at rest, not halfway through a message fading in.
        wait_until(
            page,
            "document.getAnimations().every((a) => a.playState !== 'running'"
            " || a.effect.getTiming().iterations === Infinity)",
        )
        url = page.url
        weight = 0 if self.admin else page.evaluate(WEIGHT_JS)
        problems = [f"weight: {weight} bytes"] if weight > BUDGET else []
        problems += page.evaluate(LAYOUT_JS) if layout else []
        if self.language != "en":
            problems += self.english_left(page)
        problems += self.times(page)
        if axe and (self.language, shape(url)) not in _AUDITED:
            _AUDITED.add((self.language, shape(url)))
            context = {"include": [["main"]]} if self.admin else None
            results = self.axe.run(page, context=context, options=WCAG)
            if results.violations_count:
                problems.append(results.generate_report())
        self.visited.append(url)
        assert not problems, f"{self.language} {url}:\n" + "\n".join(problems)

    def english_left(self, page) -> list[str]:
        own = page.evaluate(OWN_TEXT_JS)
        leaks = [p for p in english_phrases(self.language) if p in own]
        english = page.locator('a[hreflang="en"]')
        if english.count():
            # With the browser's cookies: a page opened from an e-mailed link is served
            # only to the browser that holds its cookie (wagtail_convene.emailed_links).
            cookies = {c["name"]: c["value"] for c in page.context.cookies(self.base)}
            source = httpx.get(
                self.base + english.first.get_attribute("href"), cookies=cookies, timeout=30
            )
            if source.status_code == 200:
                blocks = page.evaluate(BLOCKS_JS, source.text)
                leaks += [b for b in blocks if words(b) >= 3 and b in own]
        return [f"English left on the page: {leak!r}" for leak in dict.fromkeys(leaks)]

    def times(self, page) -> list[str]:
        """Times shown agree with the event's iCal feed, in the event's zone with its offset."""
        feed = page.locator('a[href$="/ical/"]')
        if not page.locator("article.event").count() or not feed.count():
            return []
        ical = httpx.get(self.base + feed.first.get_attribute("href"), timeout=30).text
        zone, start = ical_start(ical)
        problems = []
        for element in page.locator("time[datetime]").all():
            stamp = element.get_attribute("datetime")
            if "T" not in stamp:
                continue
            shown = datetime.fromisoformat(stamp)
            local = shown.astimezone(ZoneInfo(zone))
            if shown.utcoffset() != local.utcoffset():
                problems.append(f"{stamp} is not in {zone}")
            if not shows_time(element.inner_text(), local):
                problems.append(f"{element.inner_text()!r} does not show {local:%H:%M} ({zone})")
        first = page.locator("article.event time[datetime]").first.get_attribute("datetime")
        if datetime.fromisoformat(first) != start:
            problems.append(f"the event starts at {first} on its page, {start} in its iCal feed")
        return problems


def words(text: str) -> int:
    """English words in a text, leaving out time-zone names (Europe/Zurich, UTC), e-mail
    and web addresses."""
    return len(re.findall(r"\b[A-Za-z]{2,}\b", NOT_WORDS.sub("", text)))


def ical_start(ical: str) -> tuple[str, datetime]:
    """The zone and start of the first event in an iCal feed."""
    from icalendar import Calendar

    event = next(iter(Calendar.from_ical(ical).walk("VEVENT")))
    start = event.decoded("DTSTART")
    return str(start.tzinfo), start


def shows_time(text: str, local: datetime) -> bool:
    """Whether `text` shows the wall-clock time of `local`, on a 24- or 12-hour clock."""
    text = text.translate(DIGITS)
    if re.search(rf"(?<!\d)0?{local.hour}[:h.]{local.minute:02d}(?!\d)", text):
        return True
    h12, pm = local.hour % 12 or 12, local.hour >= 12
    marker = r"(p\.?\s?m\.?|PM|م|下午)" if pm else r"(a\.?\s?m\.?|AM|ص|上午)"
    clock = rf"(?<!\d){h12}(?:[:.]{local.minute:02d})?(?!\d)"
    return bool(
        re.search(rf"{clock}\s*{marker}", text, re.IGNORECASE)
        or re.search(rf"{marker}\s*{clock}", text, re.IGNORECASE)
    )


def mails(mail_dir: Path, address: str, needle: str = "", timeout: float = 30, count: int = 1):
    """The e-mails to `address` whose text holds `needle` (at least `count`), oldest first."""
    import email
    from email import policy

    deadline = time.monotonic() + timeout
    while True:
        found = []
        for path in sorted(mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if message["To"] == address and needle in text_of(message):
                found.append(message)
        if len(found) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert len(found) >= count, f"no e-mail to {address} containing {needle!r} within {timeout}s"
    return found


def text_of(message) -> str:
    part = message.get_body(preferencelist=("plain",)) or message
    return part.get_content()


def link_in(message, pattern: str) -> str:
    """The first link in an e-mail's text whose address matches `pattern`."""
    found = re.search(rf"https?://[^\s<>\"]*{pattern}[^\s<>\"]*", text_of(message))
    assert found, f"no link matching {pattern!r} in:\n{text_of(message)}"
    return found.group(0)
