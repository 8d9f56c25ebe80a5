"""CSV files a member of staff will open in a spreadsheet: no cell may start a formula.

The participants' export comes from the registration service, which already escapes its
cells (`services/common/spreadsheets.py`; the plugin cannot import it, hence this copy of
the rule). The CMS still passes every CSV it serves through `safe_csv` (a streamed one
through `safe_csv_chunks`, row by row as it arrives), so that a service
of another version, or any CSV the plugin writes, cannot hand a formula to Excel: a cell
that starts with `=`, `+`, `-`, `@`, a tab, a carriage return, a line feed or a NUL gets a
single quote in front (OWASP CSV injection; ASVS 5.0 1.2.10). An escaped cell starts with
the quote, so escaping twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def cell(value) -> str:
    """`value` as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_csv(text: str) -> str:
    """The same CSV with every cell escaped (idempotent)."""
    return "".join(safe_csv_chunks([text]))


def safe_csv_chunks(chunks: Iterable[str]) -> Iterator[str]:
    """`safe_csv` of a CSV that arrives in chunks (a streamed export): each chunk's whole
    rows, escaped, as soon as they arrive. A chunk may end in the middle of a row, even
    inside a quoted cell: that part waits for the next chunk."""
    rest = ""
    for chunk in chunks:
        rows, rest = _whole_rows(rest + chunk)
        if rows:
            yield _escaped(rows)
    if rest:
        yield _escaped(rest)


def _whole_rows(text: str) -> tuple[str, str]:
    """(the whole rows at the start of `text`, the rest). A line break ends a row unless
    it is inside a quoted cell, that is, after an odd number of quotes (a quote inside a
    quoted cell is doubled, so it never changes the parity)."""
    end = position = quotes = 0
    for line in text.split("\n")[:-1]:
        position += len(line) + 1
        quotes += line.count('"')
        if quotes % 2 == 0:
            end = position
    return text[:end], text[end:]


def _escaped(text: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def rows_csv(rows) -> str:
    """CSV of `rows` (lists of values), every cell escaped: the one way plugin code
    writes a CSV of its own."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()
