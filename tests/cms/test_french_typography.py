"""French typography: a non-breaking space before ":", ";", "?" and "!" (issue 15, bug 11)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2] / "cms"
CATALOGUES = [
    ROOT / "wagtail_convene" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    ROOT / "demo" / "home" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
]
# Punctuation ending a phrase without the non-breaking space (U+00A0 or U+202F) before it.
MISSING_SPACE = re.compile(r"(?<![\u00a0\u202f])(?<!https)(?<!http)[ \w»)][:;?!](?=\s|$|<)")


@pytest.mark.parametrize("path", CATALOGUES, ids=["plugin", "demo"])
def test_french_texts_have_a_non_breaking_space_before_double_punctuation(path):
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale="fr")
    wrong = []
    for message in (m for m in catalog if m.id):  # not the header
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        wrong += [s for s in strings if s and MISSING_SPACE.search(s)]
    assert wrong == []
