"""The texts a screen shows in a language, read from the same compiled catalogues Django
reads: Convene's own, then Wagtail's and wagtail-localize's. A browser test finds a button
by the words an officer reading that language sees, so a missing translation fails it."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

import wagtail
import wagtail_localize

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (
    ROOT / "cms" / "wagtail_convene" / "locale",
    ROOT / "cms" / "demo" / "home" / "locale",
    Path(wagtail.__file__).parent / "admin" / "locale",
    Path(wagtail.__file__).parent / "locale",
    Path(wagtail_localize.__file__).parent / "locale",
)


def _locale(language: str) -> str:
    """Django's locale name for a language code: zh-hans is zh_Hans."""
    head, _, tail = language.partition("-")
    return f"{head}_{tail.title()}" if len(tail) > 2 else language


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """Every catalogue for `language`, the project's first (as Django merges them)."""
    merged = gettext.NullTranslations()
    for folder in FOLDERS:
        found = gettext.translation("django", folder, languages=[_locale(language)], fallback=True)
        if isinstance(found, gettext.GNUTranslations):
            merged.add_fallback(found)
    return merged


def tr(language: str, text: str, **values) -> str:
    """`text` as a reader of `language` sees it, placeholders filled."""
    said = catalogue(language).gettext(text)
    return said % values if values else said


def ntr(language: str, singular: str, plural: str, count: int, **values) -> str:
    said = catalogue(language).ngettext(singular, plural, count)
    return said % {"count": count, **values}
