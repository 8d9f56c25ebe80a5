"""The new-selection form keeps what was typed whatever the service does, and Enter in a
field checks feasibility instead of replacing the quota rows with the defaults."""

import re

import pytest

from .conftest import make_event, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup_url(client, django_user_model):
    client.force_login(make_reviewer(django_user_model, regions="ECE"))
    event = make_event()
    return f"/admin/convene/intake/events/{event.translation_key}/selections/new/", event


def typed(event, step: str) -> dict:
    track = str(event.tracks.first().key)
    return {
        "name": "Panel typed by hand",
        "organisation_cap": "2",
        "reserved": "",
        "excluded": "",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "1",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-role": "panel",
        "roles-0-track": track,
        "roles-0-seats": "7",
        "quotas-TOTAL_FORMS": "1",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "1000",
        "quotas-0-role": "panel",
        "quotas-0-feature": "gender",
        "quotas-0-value": "woman",
        "quotas-0-min": "3",
        "quotas-0-max": "4",
        "step": step,
    }


@pytest.mark.parametrize("step", ["check", "run", "defaults"])
def test_the_form_keeps_what_was_typed_when_the_service_cannot_be_reached(client, setup_url, step):
    url, event = setup_url
    answered = client.post(url, data=typed(event, step))
    assert answered.status_code == 503
    text = answered.content.decode()
    assert "The registration service failed or cannot be reached" in text
    assert 'value="Panel typed by hand"' in text
    assert re.search(r'name="roles-0-seats"[^>]*value="7"', text)
    assert re.search(r'name="quotas-0-value".*?<option value="woman" selected>', text, re.S)
    assert re.search(r'name="quotas-0-min"[^>]*value="3"', text)
    assert re.search(r'name="organisation_cap"[^>]*value="2"', text)


def test_enter_in_a_field_checks_feasibility_and_never_resets_the_quotas(client, setup_url):
    url, _event = setup_url
    page = client.get(url).content.decode()
    form = page[page.index('<form method="post" novalidate>') :]
    # Implicit submission (Enter) clicks the form's first submit button.
    first = re.search(r"<button[^>]*type=\"submit\"[^>]*>", form).group(0)
    assert 'value="check"' in first
    assert form.index(first) < form.index('value="defaults"')


def test_quotas_are_chosen_from_labelled_values_not_typed_as_codes(client, setup_url):
    url, event = setup_url
    page = client.get(url).content.decode()
    value = re.search(r'<select name="quotas-0-value".*?</select>', page, re.S).group(0)
    assert '<option value="30_59">' in value and "30_59</option>" not in value
    assert '<optgroup label="Gender">' in value
    assert "non_binary</option>" not in value and "prefer_not_to_say</option>" not in value
    refused = client.post(url, data={**typed(event, "check"), "quotas-0-value": "30_59"})
    assert refused.status_code == 422
    assert "Choose a value of “Gender”." in refused.content.decode()
