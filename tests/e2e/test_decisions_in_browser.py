"""The secretariat decides registrations in Debian Chromium, one by one and in bulk: each
record offers only the decisions its status allows and says why one is not possible yet,
criteria are recorded in bulk, a bulk decision is taken where it can be and reports the
others in words, and no screen shows a raw code."""

import re
import secrets
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.support.site import cms_headers, track_form_url

from .test_registration_journey import check_axe, link_in, mail_to

pytestmark = pytest.mark.e2e
EVENT = "Intergovernmental review meeting (ECE)"
QUEUE = "/admin/convene/intake/registrations/"
# Codes the services use, which a reader of the admin must never meet.
RAW = (
    "floor_speaker",
    "30_59",
    "prefer_not_to_say",
    "under_review",
    "check_criteria",
    "criterion_",
    "cms:user:",
    "Western_Europe",
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def no_raw_codes(page) -> None:
    text = page.locator("main").inner_text()
    assert not [code for code in RAW if code in text], text
    assert not UUID.search(text), text


def floor_speakers(stack, event_key: str, tag: str) -> list[str]:
    """Three requests to speak from the floor of the ECE review meeting; the focal points
    of the first two authorise them from their e-mail."""
    with httpx.Client(base_url=stack.url("cms")) as site:
        form = track_form_url(site, "/review-ece/calendar/review-meeting/")
    track = re.search(r"/register/([0-9a-f-]{36})/", form).group(1)
    service = stack.url("registration")
    names = []
    for letter in "ABC":
        person = {
            "track": track,
            "name": f"Floor {tag} {letter}",
            "email": f"floor.{tag}.{letter.lower()}@example.org",
            "organisation": "Canary Network",
            "category": "academia",
            "country": "FR",
            "subregion": "Western Europe",
            "gender": "prefer_not_to_say",
            "age_band": "30_59",
            "focal_point_name": "Focal",
            "focal_point_email": f"focal.{tag}.{letter.lower()}@example.org",
            "statement": "Ten years of legal aid to migrants.",
            "language": "en",
        }
        headers = {**cms_headers(stack.data_dir), "Idempotency-Key": uuid.uuid4().hex}
        response = httpx.post(
            f"{service}/registrations", json={**person, "event": event_key}, headers=headers
        )
        assert response.status_code == 201, response.text
        names.append(person["name"])
    for letter in "AB":
        url = link_in(mail_to(stack, f"focal.{tag}.{letter.lower()}@example.org"), "authorise")
        token = url.rstrip("/").rsplit("/", 1)[1]
        done = httpx.post(
            f"{service}/consents/authorise/confirm",
            json={"token": token},
            headers=cms_headers(stack.data_dir),
        )
        assert done.status_code == 200, done.text
    return names


def bulk(page, names: list[str], action: str, *criteria: str) -> None:
    main = page.locator("main")
    for name in names:
        main.get_by_label(f"Tick {name}").check()
    main.get_by_label("Decision").select_option(action)
    for label in criteria:
        main.get_by_label(label).check()
    main.get_by_role("button", name="Apply").click()


def test_decisions_one_by_one_and_in_bulk_offer_only_what_is_possible(stack, admin_page):
    page, base, tag = admin_page, stack.url("cms"), secrets.token_hex(3)
    main = page.locator("main")
    page.goto(base + QUEUE)
    choice = main.get_by_label("Event").locator("option", has_text=EVENT)
    event_key = choice.get_attribute("value")
    names = floor_speakers(stack, event_key, tag)
    first, _second, third = names
    queue = f"{base}{QUEUE}?event={event_key}"

    # The queue: filters are choices, every code is named, the event has its title.
    page.reload()
    main.get_by_label("Event").select_option(label=EVENT)
    for name in ("Status", "Stakeholder group", "Sub-region", "Country", "Gender", "Age"):
        assert main.get_by_label(name, exact=True).evaluate("e => e.tagName") == "SELECT", name
    main.get_by_role("button", name="Filter").click()
    row = main.get_by_role("row", name=re.compile(first))
    for words in (EVENT, "Request to speak from the floor", "30 to 59", "Prefer not to say"):
        expect(row).to_contain_text(words)
    expect(row).to_contain_text("France")
    expect(row).to_contain_text("Western Europe")
    expect(row).to_contain_text("Received")
    no_raw_codes(page)
    check_axe(page, {"include": [["main"]]})

    # At 1366 px the filters sit side by side without overlapping.
    page.set_viewport_size({"width": 1366, "height": 768})
    boxes = [
        f.bounding_box()
        for f in main.locator(".convene-filter-grid select").all()
        if f.is_visible()
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] + 0.5
                or b["x"] + b["width"] <= a["x"] + 0.5
                or a["y"] + a["height"] <= b["y"] + 0.5
                or b["y"] + b["height"] <= a["y"] + 0.5
            )
            assert apart, (a, b)
    page.set_viewport_size({"width": 1280, "height": 900})

    # One record: only what its status leads to; why "Mark eligible" is not possible yet.
    main.get_by_role("link", name=third).click()
    main.get_by_role("button", name="Open the record").click()
    expect(main.get_by_role("heading", level=2)).to_contain_text("(Received)")
    expect(main.locator(".convene-facts")).to_contain_text(EVENT)
    expect(main.get_by_role("button", name="Start review")).to_be_enabled()
    expect(main.get_by_role("button", name="Mark eligible")).to_be_disabled()
    expect(main.get_by_role("button", name="Select", exact=True)).to_have_count(0)
    expect(main).to_contain_text(
        "Mark eligible is not possible yet: Criterion not checked: Authorised by the "
        "organisation's focal point."
    )
    no_raw_codes(page)
    check_axe(page, {"include": [["main"]]})

    # In bulk: the criteria, then "Mark eligible" where possible, then "Start review".
    page.goto(queue)
    bulk(
        page,
        names,
        "check_criteria",
        "Represents a relevant stakeholder entity",
        "Has expertise in migration",
    )
    expect(
        page.get_by_text("Record the criteria as met: done for 3 registrations.")
    ).to_be_visible()
    bulk(page, names, "eligible")
    expect(page.get_by_text("Mark eligible: done for 2 registrations.")).to_be_visible()
    expect(
        page.get_by_text(
            "1 registration skipped: Criterion not checked: Authorised by the organisation's "
            "focal point."
        )
    ).to_be_visible()
    bulk(page, names, "start_review")
    expect(page.get_by_text("Start review: done for 1 registration.")).to_be_visible()
    expect(
        page.get_by_text(
            "2 registrations skipped: Not possible for a registration that is eligible."
        )
    ).to_be_visible()
    no_raw_codes(page)

    # An eligible record offers "Select"; selecting it is recorded under the officer's name.
    main.get_by_role("link", name=first).click()
    main.get_by_role("button", name="Open the record").click()
    expect(main.get_by_role("button", name="Start review")).to_have_count(0)
    expect(main.get_by_role("button", name="Put on the waiting list")).to_be_enabled()
    main.get_by_role("button", name="Select", exact=True).click()
    expect(page.get_by_text("Done: Select.")).to_be_visible()
    expect(main.get_by_role("heading", level=2)).to_contain_text("(Selected)")
    expect(main.get_by_role("list").filter(has_text="Selected")).to_contain_text("admin")
    no_raw_codes(page)
