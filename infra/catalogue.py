"""Add or update translations in the gettext catalogues, safely from several processes.

    python -m infra.catalogue add texts.json [--domain plugin|demo]

`texts.json` is a list of entries, each with the English `id` (and `plural`, `context`
when needed) and one translation per language code (`fr`, `es`, `ar`, `zh_Hans`, `ru`,
`pt`); a plural translation is a list of forms in the language's order. Each catalogue is
rewritten under a lock and compiled to its `.mo`, so the site reads the new texts at once.
"""

from __future__ import annotations

import argparse
import fcntl
import json
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = {
    "plugin": ROOT / "cms" / "wagtail_convene" / "locale",
    "demo": ROOT / "cms" / "demo" / "home" / "locale",
}
LANGUAGES = ("fr", "es", "ar", "zh_Hans", "ru", "pt")


def add(entries: list[dict], domain: str = "plugin") -> None:
    """Write `entries` into every language's catalogue of `domain` and compile it."""
    missing = [(e["id"], code) for e in entries for code in LANGUAGES if code not in e]
    if missing:
        raise SystemExit(f"missing translations: {missing[:5]}")
    folder = DOMAINS[domain]
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for code in LANGUAGES:
            po = folder / code / "LC_MESSAGES" / "django.po"
            with open(po, "rb") as fh:
                catalog = read_po(fh, locale=code)
            for entry in entries:
                key = (entry["id"], entry["plural"]) if entry.get("plural") else entry["id"]
                text = entry[code]
                catalog.delete(entry["id"], context=entry.get("context"))
                catalog.add(
                    key,
                    tuple(text) if isinstance(text, list) else text,
                    context=entry.get("context"),
                )
            with open(po, "wb") as fh:
                write_po(fh, catalog, width=79, omit_header=False)
            with open(po.with_suffix(".mo"), "wb") as fh:
                write_mo(fh, catalog)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["add"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--domain", choices=sorted(DOMAINS), default="plugin")
    args = parser.parse_args()
    add(json.loads(args.file.read_text(encoding="utf-8")), args.domain)


if __name__ == "__main__":
    main()
