"""The public draw report says its method in words, links the reproduction guide on the
page, and says honestly what the public and what only observers can check."""

import re
import uuid

import pytest

from wagtail_convene.intake.models import PublishedSelection

from .conftest import make_event, translate_page

pytestmark = pytest.mark.django_db


def report(**overrides) -> dict:
    data = {
        "name": "Consultation panel",
        "event": "",
        "algorithm": "leximin",
        "version": "1",
        "seed_sha256": "a" * 64,
        "inputs_sha256": "b" * 64,
        "seed": "c0ffee",
        "lowest_probability": 0.2,
        "median_probability": 0.25,
        "seats": {"panel": 6},
        "balance": [],
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    "code,method,check",
    [
        ("en", "LEXIMIN, version 1: the lowest chance of selection", "How to check this draw"),
        ("fr", "LEXIMIN, version 1\u00a0: la plus faible chance", "Comment vérifier ce tirage"),
    ],
)
def test_the_report_says_its_method_in_words_and_how_to_check_it(client, code, method, check):
    event = make_event()
    page = event if code == "en" else translate_page(event, code)
    PublishedSelection.objects.create(
        event_key=str(event.translation_key), selection_id=uuid.uuid4(), report=report()
    )
    text = client.get(page.url).content.decode()
    assert method in text
    assert "python -m" not in text and "leximin 1" not in text
    link = re.search(r'<a href="#(check-draw-1)">([^<]+)</a>', text)
    assert link and link.group(2) == check
    assert f'id="{link.group(1)}"' in text  # the guide is on the page, where the link goes
    assert "a" * 64 in text and "b" * 64 in text and "c0ffee" in text  # both commitments
    assert "docs/selection.md" in text


def test_a_report_without_an_input_commitment_says_only_the_seed_can_be_checked(client):
    event = make_event()
    PublishedSelection.objects.create(
        event_key=str(event.translation_key),
        selection_id=uuid.uuid4(),
        report=report(inputs_sha256=None),
    )
    text = client.get(event.url).content.decode()
    assert "only the seed can be checked" in text
    assert "Only accredited observers can check the panel itself" not in text
