"""Validators shared by the services' schemas."""

from __future__ import annotations

from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from marshmallow import Schema, ValidationError, fields, pre_load, validate

NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"}


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR (through Babel)."""
    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


def validate_country(value: str) -> None:
    if value not in country_codes():
        raise ValidationError("Choose a country from the list (ISO 3166 code).")


def validate_language(value: str) -> None:
    if not known_language(value):
        raise ValidationError("Give a language code such as en, fr or es.")


@lru_cache(maxsize=1024)
def known_language(value: str) -> bool:
    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):  # UnknownLocaleError is no ValueError
        return False
    return True


class TrimmedSchema(Schema):
    """Strips surrounding white space from every string before validation."""

    @pre_load
    def _trim(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


class IdempotencyHeaderSchema(Schema):
    """A client-chosen `Idempotency-Key` header, so a retried request is carried out once."""

    idempotency_key = fields.String(
        data_key="Idempotency-Key", required=True, validate=validate.Length(8, 255)
    )


class OptionalIdempotencyHeaderSchema(Schema):
    """An `Idempotency-Key` a caller may send (the services' relays always do)."""

    idempotency_key = fields.String(
        data_key="Idempotency-Key", load_default=None, validate=validate.Length(8, 255)
    )
