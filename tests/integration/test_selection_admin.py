"""The Selections screens of the Wagtail admin against the real registration service and
its worker: feasibility before running, a run's progress, the draw revealing the committed
seed, the panel, decisions by e-mail, a replacement, the public report on the event's page
in French, and the chair's list."""

import hashlib
import html
import re
import secrets

import httpx
import pytest

from tests.support.site import csrf, eligible_pool, poll, wait_for_mail

ADMIN = "/admin/convene/intake"
EVENT = "Informal multi-stakeholder consultation (ECA)"
KEY = r"[0-9a-f-]{36}"


@pytest.fixture(scope="module")
def eca(stack, admin):
    """The ECA consultation, its civil-society track, and 30 eligible applicants."""
    listing = admin.get(f"{ADMIN}/selections/")
    assert listing.status_code == 200
    key = re.search(rf'<option value="({KEY})"[^>]*>{re.escape(EVENT)}', listing.text).group(1)
    setup = admin.get(f"{ADMIN}/events/{key}/selections/new/")
    track = re.search(rf'<option value="({KEY})"[^>]*>Civil society<', setup.text).group(1)
    tag = secrets.token_hex(3)
    people = eligible_pool(stack, key, track, tag, 30, "ECA")
    return {"key": key, "track": track, "people": people, "tag": tag}


def gender_of(name: str) -> str:
    """As `eligible_pool` gives it (other tests' pools for the same track included)."""
    return ("woman", "man", "woman", "non_binary")[int(name.rsplit(" ", 1)[1]) % 4]


def form_data(page_text: str, name: str, seats: int, track: str, quotas: list[dict], step: str):
    data = {
        **csrf(page_text),
        "name": name,
        "organisation_cap": "",
        "reserved": "",
        "excluded": "",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "1",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-role": "panel",
        "roles-0-track": track,
        "roles-0-seats": str(seats),
        "quotas-TOTAL_FORMS": str(len(quotas)),
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "1000",
        "step": step,
    }
    for i, quota in enumerate(quotas):
        data.update({f"quotas-{i}-{k}": str(v) for k, v in quota.items()})
    return data


def quota(feature, value, low, high):
    return {"role": "panel", "feature": feature, "value": value, "min": low, "max": high}


def test_defaults_and_feasibility_are_shown_before_anything_runs(admin, eca):
    url = f"{ADMIN}/events/{eca['key']}/selections/new/"
    page = admin.get(url)
    defaults = admin.post(url, data=form_data(page.text, "Try", 8, eca["track"], [], "defaults"))
    assert defaults.status_code == 200
    assert re.search(
        r'name="quotas-\d+-value".*?<option value="yes" selected>', defaults.text, re.S
    )  # migrant-led floor
    impossible = [quota("gender", "woman", 7, 8), quota("gender", "man", 2, 8)]
    checked = admin.post(
        url, data=form_data(page.text, "Nope", 8, eca["track"], impossible, "check")
    )
    text = html.unescape(checked.text)
    assert "No panel can keep these quotas" in text
    assert "gender=woman [7, 8]" in text and "gender=man [2, 8]" in text
    assert "[6, 8]" in text or "[1, 8]" in text  # the smallest relaxation
    refused = admin.post(url, data=form_data(page.text, "Nope", 8, eca["track"], impossible, "run"))
    assert refused.status_code == 422 and "No panel can keep these quotas" in refused.text
    feasible = [quota("migrant_led", "yes", 3, 8), quota("gender", "woman", 3, 5)]
    fine = admin.post(url, data=form_data(page.text, "Fine", 8, eca["track"], feasible, "check"))
    assert "Some panel keeps every quota" in fine.text
    listing = admin.get(f"{ADMIN}/selections/", params={"event": eca["key"]})
    assert ">Nope<" not in listing.text and ">Fine<" not in listing.text  # nothing queued


def test_from_run_to_draw_decisions_replacement_and_public_report(stack, admin, eca):
    url = f"{ADMIN}/events/{eca['key']}/selections/new/"
    page = admin.get(url)
    name = f"Consultation {eca['tag']}"
    quotas = [quota("migrant_led", "yes", 3, 8), quota("gender", "woman", 3, 5)]
    queued = admin.post(url, data=form_data(page.text, name, 8, eca["track"], quotas, "run"))
    assert "Queued: the run starts in a moment." in queued.text
    detail = str(queued.url).replace(stack.url("cms"), "")
    committed = re.search(r"<code>([0-9a-f]{64})</code>", queued.text).group(1)
    state = poll(admin, detail, timeout=120)
    assert state["status"] == "ready" and state["percent"] == 100

    ready = html.unescape(admin.get(detail).text)
    assert "Ready to draw" in ready and "Lowest as a share of equal chance" in ready
    assert "Pool Person" not in ready  # nobody named before the draw

    drawn = html.unescape(admin.post(detail, data={**csrf(ready), "action": "draw"}).text)
    seed = re.search(r"Seed</dt><dd><code>([^<]+)</code>", drawn).group(1)
    assert hashlib.sha256(seed.encode()).hexdigest() == committed
    seated = re.findall(r"<th scope=\"row\">(Pool Person [^<]+)</th>", drawn)
    assert len(seated) == 8
    women = [name for name in seated if gender_of(name) == "woman"]  # the quota: 3 to 5
    assert 3 <= len(women) <= 5

    decided = admin.post(detail, data={**csrf(drawn), "action": "decisions"})
    assert "the decision e-mails are on their way" in decided.text
    _, _, tag, number = seated[0].split()  # as `eligible_pool` names and addresses people
    email = f"pool.{tag}.{int(number)}@example.org"
    wait_for_mail(stack.mail_dir, email, timeout=60)

    panel_ids = re.findall(r'name="withdrawn" value="([0-9a-f-]{36})"', decided.text)
    for leaving in panel_ids:
        replaced = html.unescape(
            admin.post(
                detail, data={**csrf(decided.text), "action": "replace", "withdrawn": leaving}
            ).text
        )
        if "A replacement was drawn" in replaced:
            break
    assert "A replacement was drawn; every quota still holds." in replaced
    assert leaving not in re.findall(r'name="withdrawn" value="([0-9a-f-]{36})"', replaced)
    assert "Replacement drawn" in replaced

    published = admin.post(detail, data={**csrf(replaced), "action": "publish"})
    assert "The report is published on the event&#x27;s page." in published.text
    public = httpx.get(stack.url("cms") + "/fr/review-eca/calendar/consultation/").text
    report = html.unescape(public)
    assert re.search(f"Comment les participants ont été sélectionnés\\s: {name}", report)
    assert seed in report and committed in report
    assert "Pool Person" not in report  # nobody named on the public page
    assert "moins de 5" in report  # small counts hidden, in French


def test_the_chairs_list_is_made_from_a_seed(admin, eca):
    listing = admin.get(f"{ADMIN}/selections/", params={"event": eca["key"]})
    link = re.search(r'href="([^"]+/floor-order/)"', listing.text).group(1)
    made = admin.get(link, params={"make": "1", "seed": "chair-seed-1"})
    assert made.status_code == 200 and 'value="chair-seed-1"' in made.text
    assert "No floor speaker has been selected yet." in made.text  # none for a consultation


@pytest.mark.parametrize("step", ["check", "run"])
def test_a_pool_smaller_than_the_seats_is_a_clear_422_and_the_form_keeps_its_values(
    admin, eca, step
):
    url = f"{ADMIN}/events/{eca['key']}/selections/new/"
    page = admin.get(url)
    quotas = [quota("gender", "woman", 3, 9)]
    name = f"Too many seats {eca['tag']}"
    refused = admin.post(url, data=form_data(page.text, name, 5000, eca["track"], quotas, step))
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    alert = " ".join(re.findall(r'role="alert"[^>]*>(.*?)</div>', text, re.S))
    # Other tests' decisions may have emptied the pool: then it says there is nobody.
    assert re.search(
        r"(No|Too few) eligible applicants for the role “panel” \(track “Civil society”\)", alert
    )
    assert re.search(r"[Ss]eats to fill: 5000", alert)
    assert f'value="{name}"' in text
    assert re.search(r'name="roles-0-seats"[^>]*value="5000"', text)
    assert re.search(r'name="quotas-0-value".*?<option value="woman" selected>', text, re.S)
    assert re.search(r'name="quotas-0-max"[^>]*value="9"', text)
    listing = admin.get(f"{ADMIN}/selections/", params={"event": eca["key"]})
    assert name not in html.unescape(listing.text)  # nothing queued
