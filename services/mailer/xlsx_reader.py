"""Read a contact list's XLSX inside `services.common.sandbox`.

Stand-alone (the standard library, defusedxml and openpyxl only): the workbook arrives on
stdin, the answer leaves on stdout as JSON lines. Every XML part is parsed by defusedxml,
which refuses entity declarations (billion laughs) and external references.

    python xlsx_reader.py header   {"columns": [...]}: the first sheet's first row, read
                                   alone. Only the shared strings it points to are read:
                                   the table is read from its start up to the last of
                                   them, never a string further.
    python xlsx_reader.py rows     the header row, then every data row: one JSON array of
                                   texts a line (openpyxl, read-only: the sheet streams)

Cells are cut at MAX_CELL characters and rows at MAX_COLUMNS columns; nothing we store is
longer. Exit status: 0; 10 not a workbook this can read; 11 no data rows. Anything else
(out of memory or CPU time included) is the caller's to report.
"""

from __future__ import annotations

import io
import json
import lzma
import os
import posixpath
import re
import sys
import zipfile
import zlib

UNREADABLE, NO_ROWS = 10, 11
MAX_CELL, MAX_COLUMNS = 1000, 64
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SHARED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


# What reading a damaged workbook raises besides `Refused`: a bad archive or member, XML
# that breaks or that defusedxml refuses (entities, external references: ValueErrors), a
# bad attribute, corrupt deflate or LZMA data, an encrypted member, an unknown compression
# (found by tests/services/mailer/test_import_fuzz.py). The child answers UNREADABLE.
DAMAGE = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    SyntaxError,
    LookupError,
    TypeError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    lzma.LZMAError,
)


class Refused(Exception):
    def __init__(self, status: int):
        self.status = status


def _iterparse(stream):
    from defusedxml.ElementTree import iterparse

    return iterparse(stream, events=("end",))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)[:MAX_CELL]


def _column(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference or "")
    if not letters:
        return -1
    number = 0
    for letter in letters.group():
        number = number * 26 + ord(letter) - 64
    return number - 1


def _parts(archive: zipfile.ZipFile) -> tuple[str, str | None]:
    """The first worksheet's part name and the shared-strings part's, from the workbook
    and its relationships (both small: read whole)."""

    def read(name: str):
        from defusedxml.ElementTree import fromstring

        return fromstring(archive.read(name))

    targets = {}
    shared = None
    for rel in read("xl/_rels/workbook.xml.rels").iter(f"{RELS}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        if rel.get("Type") == WORKSHEET:
            targets[rel.get("Id")] = posixpath.normpath(target)
        elif rel.get("Type") == SHARED:
            shared = posixpath.normpath(target)
    for sheet in read("xl/workbook.xml").iter(f"{MAIN}sheet"):
        if sheet.get(f"{DOC_RELS}id") in targets:
            return targets[sheet.get(f"{DOC_RELS}id")], shared
    raise Refused(UNREADABLE)


def header(data: bytes) -> dict:
    """The first row's texts, and whether a second row follows."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet, shared_part = _parts(archive)
        cells, has_data, row_seen = {}, False, False
        with archive.open(sheet) as stream:
            for _event, node in _iterparse(stream):
                if node.tag == f"{MAIN}c" and not row_seen:
                    kind = node.get("t", "n")
                    if kind == "inlineStr":
                        value = "".join(t.text or "" for t in node.iter(f"{MAIN}t"))
                    else:
                        found = node.find(f"{MAIN}v")
                        value = found.text if found is not None else ""
                    column = _column(node.get("r", ""))
                    column = column if column >= 0 else len(cells)
                    if column < MAX_COLUMNS:
                        cells[column] = (kind, value or "")
                    node.clear()  # a cell's own parts (<v>, <t>) are read above
                elif node.tag == f"{MAIN}row":
                    if row_seen:
                        has_data = True
                        break
                    row_seen = True
                    node.clear()
        wanted = {int(v) for kind, v in cells.values() if kind == "s" and v.isdigit()}
        strings = _shared(archive, shared_part, max(wanted)) if wanted else {}
    if not has_data:
        raise Refused(NO_ROWS)
    width = max(cells, default=-1) + 1
    columns = []
    for n in range(width):
        kind, value = cells.get(n, ("n", ""))
        if kind == "s":
            value = strings.get(int(value), "") if value.isdigit() else ""
        elif kind == "b":
            value = "True" if value == "1" else "False"
        columns.append(_text(value).strip())
    return {"columns": columns}


def _shared(archive: zipfile.ZipFile, part: str | None, last: int) -> dict[int, str]:
    """Shared strings 0..last, and not one more."""
    found: dict[int, str] = {}
    if not part or part not in archive.namelist():
        return found
    with archive.open(part) as stream:
        index = 0
        for _event, node in _iterparse(stream):
            if node.tag == f"{MAIN}si":
                found[index] = "".join(t.text or "" for t in node.iter(f"{MAIN}t"))[:MAX_CELL]
                node.clear()
                index += 1
                if index > last:
                    break
    return found


def _openpyxl():
    """openpyxl, set to parse with defusedxml. Loaded before the workbook is read: a
    failure here (no defusedxml, no memory) is the child's, never "a damaged file"."""
    os.environ["OPENPYXL_DEFUSEDXML"] = "True"
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # never parse a workbook without defusedxml
        raise ImportError("defusedxml is not installed")
    return openpyxl


def rows(data: bytes, out) -> None:
    """Every row of the first sheet, the header first."""
    book = _openpyxl().load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    if not book.worksheets:
        raise Refused(UNREADABLE)
    written = 0
    for values in book.worksheets[0].iter_rows(values_only=True):
        cells = [_text(v) for v in values[:MAX_COLUMNS]]
        out.write(json.dumps(cells, ensure_ascii=False).encode() + b"\n")
        written += 1
    if written < 2:
        raise Refused(NO_ROWS)


def main() -> int:
    import defusedxml  # noqa: F401 - fail, rather than parse with the plain parsers

    mode = sys.argv[1]
    if mode == "rows":
        _openpyxl()
    data = sys.stdin.buffer.read()
    try:
        if mode == "header":
            sys.stdout.buffer.write(json.dumps(header(data), ensure_ascii=False).encode())
        else:
            rows(data, sys.stdout.buffer)
    except Refused as refused:
        return refused.status
    except zlib.error as exc:
        if "insufficient memory" in str(exc):  # the limit, not the file: "too demanding"
            raise MemoryError from exc
        print(type(exc).__name__, file=sys.stderr)
        return UNREADABLE
    except DAMAGE as exc:
        print(type(exc).__name__, file=sys.stderr)
        return UNREADABLE
    return 0


if __name__ == "__main__":
    sys.exit(main())
