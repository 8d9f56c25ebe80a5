"""Generated CSV and XLSX files: reading one answers rows or the documented refusal.

`outreach.create_import` turns the exceptions in `UNREADABLE` into a 422 ("The file cannot
be read"); anything else would be a 500 in the API, or a failed job in the worker. An XLSX
is read in a limited child (`xlsx_reader`), which answers UNREADABLE for `DAMAGE`: the
generated workbooks go to its functions in this process (a child per example would take
minutes), the oddly zipped ones through the child as the service reads them.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from services.mailer import imports, xlsx_reader

from ...support.fuzz import count, fuzz, members_of, mutated, odd_archives, zip_variants

UNREADABLE = (ValueError, KeyError, OSError, csv.Error, zipfile.BadZipFile, imports.ImportRefused)


def read(data: bytes, file_format: str) -> None:
    """What the API and the worker do with a file: header, row count, each row checked."""
    try:
        columns = imports.header_of(data, file_format)
        imports.count_rows(data, file_format)
        mapping = imports.suggest(columns)
        for row in imports.rows_of(data, file_format):
            imports.check(imports.mapped(row, mapping))
    except UNREADABLE:
        pass


def workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Courriel", "Nom", "Pays", "Langue"])
    sheet.append(["ana@example.org", "Ana", "ES", "es"])
    sheet.append(["ben@example.org", 3, None, 4.5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_in_child_code(data: bytes) -> None:
    """What the child does with a workbook: its header, then every row."""
    try:
        xlsx_reader.header(data)
        xlsx_reader.rows(data, io.BytesIO())
    except (xlsx_reader.Refused, *xlsx_reader.DAMAGE):
        pass


XLSX = members_of(workbook())
EXTRA = ("xl/sharedStrings.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet1.xml.rels")
CELLS = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@fuzz(150)
@given(st.binary(max_size=600))
def test_any_bytes_as_csv(data):
    count("imports.csv")
    read(data, "csv")


@fuzz(150)
@given(
    st.lists(st.lists(CELLS, max_size=6), max_size=6),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
)
def test_tables_as_csv(rows, delimiter, encoding):
    count("imports.csv")
    text = "\n".join(delimiter.join(row) for row in rows)
    read(text.encode(encoding, errors="replace"), "csv")


@fuzz(60)
@given(zip_variants(XLSX, EXTRA))
def test_damaged_workbooks(data):
    count("imports.xlsx")
    read_in_child_code(data)


@fuzz(20)
@given(mutated(b"PK\x03\x04" + bytes(60)))
def test_bytes_that_look_like_a_zip(data):
    count("imports.xlsx")
    read_in_child_code(data)


@pytest.mark.parametrize("kind", sorted(odd_archives(XLSX)))
def test_workbooks_zipped_oddly(kind):
    count("imports.xlsx")
    read(odd_archives(XLSX)[kind], "xlsx")
