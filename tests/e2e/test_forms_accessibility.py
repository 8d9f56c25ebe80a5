"""The public forms and pages as a keyboard, screen-reader or phone user meets them, in
Debian Chromium: references resolve, focus goes to the error summary, the title says
"Error:", radios sit beside their labels (ltr and rtl), nothing scrolls sideways at 320 px,
and the focus ring stands out (3:1) from whatever it is drawn on."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e
REPRISAL = "/review-ece/report/reprisal/"

UNRESOLVED = """() => {
  const missing = [];
  for (const attr of ["aria-describedby", "aria-labelledby"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`${attr}=${id}`);
      }
    }
  }
  return missing;
}"""

# Relative luminance and contrast ratio (WCAG 2.2), and what lies just outside the ring.
RING = """(el) => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const opaque = (c) => c && !c.startsWith("rgba(0, 0, 0, 0)") && c !== "transparent";
  const lum = (c) => {
    const [r, g, b] = rgb(c).slice(0, 3).map((v) => {
      v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const style = getComputedStyle(el);
  const width = parseFloat(style.outlineWidth) || 0;
  const offset = parseFloat(style.outlineOffset) || 0;
  const box = el.getBoundingClientRect();
  const x = Math.max(0, box.left - offset - width - 1), y = box.top + box.height / 2;
  let behind = "rgb(255, 255, 255)";
  for (const under of document.elementsFromPoint(x, y)) {
    if (under === el || el.contains(under)) continue;
    const bg = getComputedStyle(under).backgroundColor;
    if (opaque(bg)) { behind = bg; break; }
  }
  const grounds = [behind];
  if (offset <= 0 && opaque(style.backgroundColor)) grounds.push(style.backgroundColor);
  return {
    what: el.outerHTML.slice(0, 80), style: style.outlineStyle, width, color: style.outlineColor,
    worst: Math.min(...grounds.map((g) => ratio(style.outlineColor, g))), grounds,
  };
}"""


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def prefixed(language: str, path: str) -> str:
    return path if language == "en" else f"/{language}{path}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_failed_submit_is_announced_focused_and_linked(stack, phone, language):
    page = phone(language)
    page.goto(stack.url("cms") + prefixed(language, REPRISAL))
    assert page.evaluate(UNRESOLVED) == []
    assert page.locator("fieldset:has(input[name=danger]) > legend").count() == 1
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.title().startswith(in_language(language, "Error:") + " ")
    assert page.evaluate(UNRESOLVED) == []
    first_radio = page.locator("input[name=danger]").first.get_attribute("id")
    summary.locator(f'a[href="#{first_radio}"]').click()
    assert page.evaluate("document.activeElement.id") == first_radio


@pytest.mark.parametrize("language", ["en", "ar"])
def test_radios_and_checkboxes_sit_beside_their_labels(stack, phone, language):
    page = phone(language, width=360)
    page.goto(stack.url("cms") + prefixed(language, REPRISAL))
    rtl = page.evaluate("document.dir") == "rtl"
    assert rtl == (language == "ar")
    controls = page.locator("input[type=radio], input[type=checkbox]")
    assert controls.count() >= 3
    for i in range(controls.count()):
        control = controls.nth(i)
        box = control.bounding_box()
        label = page.locator(f'label[for="{control.get_attribute("id")}"]').bounding_box()
        assert box["width"] < 40, "stretched across the page"
        middle = box["y"] + box["height"] / 2
        assert label["y"] <= middle <= label["y"] + label["height"], "label not on its line"
        if rtl:
            assert label["x"] + label["width"] <= box["x"] + 1
        else:
            assert label["x"] >= box["x"] + box["width"] - 1


def no_sideways_scroll(page) -> None:
    sizes = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], sizes


def test_nothing_scrolls_sideways_at_320_px(stack, phone):
    base = stack.url("cms")
    page = phone("en", width=320, height=640)
    page.goto(base + "/review-ece/calendar/review-meeting/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intergovernmental")
    no_sideways_scroll(page)
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 640})
        for days in (45, 70):  # the months of the demo's two events
            month = (date.today() + timedelta(days=days)).strftime("%Y-%m")
            page.goto(base + f"/review-ece/calendar/?view=month&month={month}")
            links = page.locator("table.month td a")
            assert links.count() >= 1
            no_sideways_scroll(page)
            overflowing = page.evaluate(
                """() => [...document.querySelectorAll("table.month td a")].filter((a) => {
                  const cell = a.closest("td").getBoundingClientRect();
                  const box = a.getBoundingClientRect();
                  return box.left < cell.left - 0.5 || box.right > cell.right + 0.5
                    || a.scrollWidth > a.clientWidth;
                }).map((a) => a.textContent)"""
            )
            assert overflowing == [], (width, overflowing)


@pytest.mark.parametrize("path", ["/review-ece/calendar/review-meeting/", REPRISAL])
def test_the_focus_ring_stands_out_from_what_it_is_drawn_on(stack, phone, path):
    page = phone("en", width=360)
    page.goto(stack.url("cms") + path)
    seen = 0
    for _step in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        ring = page.evaluate(RING, page.evaluate_handle("document.activeElement"))
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert ring["worst"] >= 3, ring
        seen += 1
    assert seen >= 5


def test_a_missing_page_is_in_french_in_the_site_layout(stack, phone):
    page = phone("fr")
    response = page.goto(stack.url("cms") + "/fr/no-such-page/")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(in_language("fr", "Page not found"))
    page.get_by_role("link", name=in_language("fr", "Go to the home page")).click()
    assert page.url.rstrip("/").endswith("/fr")
