"""Shared validators refuse what they do not know; they never raise anything else."""

import pytest
from marshmallow import ValidationError

from services.common.validation import known_language, validate_language


@pytest.mark.parametrize("code", ["en", "fr", "zh-Hans", "pt_BR", "ar"])
def test_known_languages(code):
    assert known_language(code)


@pytest.mark.parametrize("code", ["s", "t", "true", "µ", "xx-YY", "", "-", "en--", "\x00"])
def test_unknown_languages_are_refused_not_raised(code):
    # Found by schemathesis: Babel's UnknownLocaleError is no ValueError, and escaped as a
    # 500 from every schema with a language (events' titles, subscriptions, templates).
    assert not known_language(code)
    with pytest.raises(ValidationError):
        validate_language(code)
