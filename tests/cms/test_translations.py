"""Every text of the plugin is translated into every site language, and compiled."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "cms" / "wagtail_convene" / "locale"


@pytest.mark.parametrize("code", ["fr", "es", "ar", "zh_Hans", "ru", "pt"])
def test_every_message_is_translated_and_compiled(code):
    folder = LOCALE / code / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as fh:
        catalog = read_po(fh)
    untranslated = [
        m.id
        for m in catalog
        if m.id
        and ("fuzzy" in m.flags or not (m.string if isinstance(m.string, str) else all(m.string)))
    ]
    assert untranslated == []
    with open(folder / "django.mo", "rb") as fh:
        compiled = read_mo(fh)
    assert {_key(m.id) for m in compiled if m.id} == {_key(m.id) for m in catalog if m.id}


def _key(message_id):
    return message_id if isinstance(message_id, str) else tuple(message_id)
