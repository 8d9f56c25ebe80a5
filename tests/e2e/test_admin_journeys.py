"""The secretariat's journeys in the admin, in each of the seven languages, on a 360x740
phone, each officer reading the admin in their own language.

Decide registrations one by one and in bulk (only what the status allows, and why not in
words); set up a selection on an empty, a too-small and a normal pool, check it, run it,
draw it, publish its report and read it on the event's page. Buttons and messages are
found by the words the catalogues give for the officer's language, so an untranslated
screen fails; every screen passes `PageChecks` (layout at 360 px, ARIA references, English
left on the screen, axe-core on our part of it) and shows no raw code.
"""

from __future__ import annotations

import re
import secrets
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.support.catalogue import ntr, tr
from tests.support.journey import WALKED_IN, PageChecks, link_in, mails, prefix
from tests.support.site import cms_headers, eligible_pool, track_form_url

pytestmark = pytest.mark.e2e
QUEUE = "/admin/convene/intake/registrations/"
SELECTIONS = "/admin/convene/intake/selections/"
# Steps that wait on the registration service's solver (a feasibility check, a run).
SERVER = 30_000
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


def go(page, checks, action) -> None:
    """Do `action` (a click that leads to another screen), wait for it, check it."""
    with page.expect_navigation(wait_until="load", timeout=SERVER):
        action()
    checks.check(page)
    no_raw_codes(page)


def no_raw_codes(page) -> None:
    text = page.locator("main").inner_text()
    assert not [code for code in RAW if code in text], text
    assert not UUID.search(text), text


def pattern(text: str) -> re.Pattern:
    """A translated message with a number left open (`#` in it), as a pattern."""
    return re.compile(re.escape(text).replace("\\#", r"[\d٠-٩]+").replace("#", r"[\d٠-٩]+"))


def floor_speakers(stack, event_key: str, tag: str) -> list[str]:
    """Three requests to speak from the floor of the ECE review meeting; the focal points
    of the first two authorise them from their e-mail."""
    with httpx.Client(base_url=stack.url("cms")) as site:
        form = track_form_url(site, "/review-ece/calendar/review-meeting/")
    track = re.search(r"/register/([0-9a-f-]{36})/", form).group(1)
    service = stack.url("registration")
    names = []
    for letter in "ABC":
        focal = f"focal.{tag}.{letter.lower()}@example.org"
        person = {
            "event": event_key,
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
            "focal_point_email": focal,
            "statement": "Ten years of legal aid to migrants.",
            "language": "en",
        }
        headers = {**cms_headers(stack.data_dir), "Idempotency-Key": uuid.uuid4().hex}
        response = httpx.post(f"{service}/registrations", json=person, headers=headers)
        assert response.status_code == 201, response.text
        names.append(person["name"])
        if letter != "C":
            token = link_in(mails(stack.mail_dir, focal)[0], "/authorise/").rstrip("/")
            done = httpx.post(
                f"{service}/consents/authorise/confirm",
                json={"token": token.rsplit("/", 1)[1]},
                headers=cms_headers(stack.data_dir),
            )
            assert done.status_code == 200, done.text
    return names


@pytest.mark.parametrize("language", WALKED_IN["decide"])
def test_decide_one_by_one_and_in_bulk(stack, officer, officers, language):
    def t(text, **values):
        return tr(language, text, **values)

    page, base, tag = officer(language), stack.url("cms"), secrets.token_hex(3)
    checks = PageChecks(language, base, admin=True)
    event_key = officers[1][("ECE", "review-meeting")]
    names = floor_speakers(stack, event_key, tag)
    first, _second, third = names
    main = page.locator("main")

    # The queue: filters are selects with labels in the officer's language.
    go(page, checks, lambda: page.goto(base + QUEUE))
    main.locator("#id_event").select_option(event_key)
    for name in ("Status", "Stakeholder group", "Sub-region", "Country", "Gender", "Age"):
        assert main.get_by_label(t(name), exact=True).evaluate("e => e.tagName") == "SELECT"
    go(page, checks, main.get_by_role("button", name=t("Filter"), exact=True).click)
    row = main.get_by_role("row", name=re.compile(first))
    for words in ("Request to speak from the floor", "30 to 59", "Prefer not to say", "Received"):
        expect(row).to_contain_text(t(words))

    # At 1366 px the filters sit side by side without overlapping.
    page.set_viewport_size({"width": 1366, "height": 768})
    boxes = [f.bounding_box() for f in main.locator(".convene-filter-grid select").all()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert (
                a["x"] + a["width"] <= b["x"] + 0.5
                or b["x"] + b["width"] <= a["x"] + 0.5
                or a["y"] + a["height"] <= b["y"] + 0.5
                or b["y"] + b["height"] <= a["y"] + 0.5
            ), (a, b)
    page.set_viewport_size({"width": 360, "height": 740})

    # One record: only what its status leads to, and why "Mark eligible" is not possible yet.
    go(page, checks, main.get_by_role("link", name=third).click)
    go(page, checks, main.get_by_role("button", name=t("Open the record"), exact=True).click)
    expect(main.get_by_role("button", name=t("Start review"), exact=True)).to_be_enabled()
    expect(main.get_by_role("button", name=t("Mark eligible"), exact=True)).to_be_disabled()
    expect(main.get_by_role("button", name=t("Select"), exact=True)).to_have_count(0)
    why = t(
        "Criterion not checked: %(criterion)s.",
        criterion=t("Authorised by the organisation's focal point"),
    )
    expect(main).to_contain_text(t("%(action)s is not possible yet:", action=t("Mark eligible")))
    expect(main).to_contain_text(why)

    # In bulk: the criteria, then "Mark eligible" where possible, then "Start review".
    queue = f"{base}{QUEUE}?event={event_key}"

    def bulk(action: str, *criteria: str) -> None:
        go(page, checks, lambda: page.goto(queue))
        for name in names:
            main.get_by_label(t("Tick %(name)s", name=name)).check()
        main.locator("#bulk-action").select_option(action)
        for label in criteria:
            main.get_by_label(t(label)).check()
        go(page, checks, main.get_by_role("button", name=t("Apply"), exact=True).click)

    def said(action: str, count: int):
        done = "%(action)s: done for %(count)s registration."
        text = ntr(language, done, done[:-1] + "s.", count, action=t(action))
        expect(page.get_by_text(text)).to_be_visible()

    def skipped(count: int, why: str):
        one = "%(count)s registration skipped: %(why)s"
        text = ntr(language, one, one.replace("registration ", "registrations "), count, why=why)
        expect(page.get_by_text(text)).to_be_visible()

    bulk("check_criteria", "Represents a relevant stakeholder entity", "Has expertise in migration")
    said("Record the criteria as met", 3)
    bulk("eligible")
    said("Mark eligible", 2)
    skipped(1, why)
    bulk("start_review")
    said("Start review", 1)
    status = t("Eligible").lower()
    skipped(2, t("Not possible for a registration that is %(status)s.", status=status))

    # An eligible record offers "Select"; selecting it is recorded under the officer's name.
    go(page, checks, main.get_by_role("link", name=first).click)
    go(page, checks, main.get_by_role("button", name=t("Open the record"), exact=True).click)
    expect(main.get_by_role("button", name=t("Start review"), exact=True)).to_have_count(0)
    go(page, checks, main.get_by_role("button", name=t("Select"), exact=True).click)
    expect(page.get_by_text(t("Done: %(action)s.", action=t("Select")))).to_be_visible()
    expect(main).to_contain_text(f"officer-{language}")


@pytest.mark.parametrize("language", WALKED_IN["selection"])
def test_a_selection_on_an_empty_a_small_and_a_normal_pool(
    stack, officer, officers, phone, language
):
    def t(text, **values):
        return tr(language, text, **values)

    page, base, tag = officer(language), stack.url("cms"), secrets.token_hex(3)
    checks = PageChecks(language, base, admin=True)
    key = officers[1][("ECA", "consultation")]
    main = page.locator("main")
    go(page, checks, lambda: page.goto(base + SELECTIONS))
    main.locator("select").first.select_option(key)
    go(page, checks, main.get_by_role("button", name=t("Show"), exact=True).click)
    go(page, checks, main.get_by_role("link", name=t("New selection"), exact=True).click)
    track = main.locator('[name="roles-0-track"]')
    values = [o.get_attribute("value") for o in track.locator("option").all()]
    consultation, interest = [v for v in values if v][:2]
    name = f"Panel {tag}"

    def check(seats: int, on: str):
        main.locator('[name="name"]').fill(name)
        track.select_option(on)
        main.locator('[name="roles-0-seats"]').fill(str(seats))
        go(page, checks, main.locator('button[name="step"][value="check"]:visible').click)
        # Whatever the answer, the form keeps what was typed.
        expect(main.locator('[name="name"]')).to_have_value(name)
        expect(main.locator('[name="roles-0-seats"]')).to_have_value(str(seats))

    # An empty pool (nobody eligible in the second track): the role is named, in words.
    check(4, interest)
    track_name = track.locator("option:checked").inner_text()
    expect(main.locator("#service-errors")).to_contain_text(
        t(
            "No eligible applicants for the role “%(role)s” (track “%(track)s”). "
            "Seats to fill: %(seats)s.",
            role="panel",
            track=track_name,
            seats=4,
        )
    )

    # A pool smaller than the seats.
    eligible_pool(stack, key, consultation, tag, 12, "ECA")
    check(500, consultation)
    track_name = track.locator("option:checked").inner_text()
    too_few = t(
        "Too few eligible applicants for the role “%(role)s” (track “%(track)s”). "
        "Eligible applicants: %(pool)s; seats to fill: %(seats)s.",
        role="panel",
        track=track_name,
        pool="#",
        seats=500,
    )
    expect(main.locator("#service-errors")).to_contain_text(pattern(too_few))

    # A normal pool: default quotas, feasible, run, draw, publish.
    check(6, consultation)
    go(page, checks, main.locator('button[name="step"][value="defaults"]').click)
    expect(main.locator('[name="quotas-0-feature"]')).not_to_have_value("")
    go(page, checks, main.locator('button[name="step"][value="check"]:visible').click)
    feasible = ntr(
        language,
        "Some panel keeps every quota. The pool holds %(n)s eligible applicant.",
        "Some panel keeps every quota. The pool holds %(n)s eligible applicants.",
        2,
        n="#",
    )
    expect(main.get_by_role("status", name=t("Feasibility"))).to_contain_text(pattern(feasible))
    go(page, checks, main.locator('button[name="step"][value="run"]').click)
    outcome = main.get_by_text(t("Ready to draw")).or_(main.get_by_text(t("The run failed")))
    expect(outcome).to_be_visible(timeout=90_000)
    expect(main.get_by_text(t("Ready to draw"))).to_be_visible()
    checks.check(page)
    go(page, checks, main.locator('button[name="action"][value="draw"]').click)
    expect(main.get_by_role("heading", name=t("The panel"))).to_be_visible()
    expect(main.locator('button[name="withdrawn"]')).to_have_count(6)
    go(page, checks, main.locator('button[name="action"][value="publish"]').click)

    # The report, on the event's page in the officer's language, on a phone.
    reader = phone(language)
    reading = PageChecks(language, base)
    reader.goto(base + prefix(language) + "/")
    for path in ("/review-eca/", "/calendar/", "/calendar/consultation/"):
        with reader.expect_navigation(wait_until="load"):
            reader.locator(f'main a[href$="{path}"]').first.click()
        reading.check(reader)
    expect(reader.get_by_role("heading", name=re.compile(name))).to_be_visible()

    # Taken down again, so the page carries one report at a time.
    go(page, checks, main.locator('button[name="action"][value="unpublish"]').click)
    reader.reload()
    expect(reader.get_by_role("heading", name=re.compile(name))).to_have_count(0)
