"""XLSX imports that would exhaust the mailer (issue 17, section 4): a 150 KB workbook
whose shared-strings table inflates to 60 MB took 61 s of CPU and 570 MB inside the
upload request, parsed twice. Now the archive is judged by its directory first, the
upload reads the header row alone in a child, and the worker reads the rows in a child;
each under limits, each refusal said to the editor."""

import importlib.metadata
import io
import uuid
import zipfile

import pytest
from openpyxl import Workbook

from services.common.sandbox import Limits, MiB
from services.mailer import imports
from services.mailer.extensions import db
from services.mailer.models import ImportJob
from tests.support.bombs import k8s_memory_limit, peak_memory, xlsx, xlsx_bomb

from .test_outreach import make_list, outreach, run_worker, upload

API_LIMIT = k8s_memory_limit("mailer")  # MiB, infra/k8s/base/services.yaml
WORKER_LIMIT = k8s_memory_limit("mailer-worker")  # infra/k8s/base/workers.yaml
MAPPING = {"email": "Email", "name": "Name"}


def workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Email", "Name", "Organisation", "Country"])
    for n in range(rows):
        sheet.append([f"person{n}@example.org", f"Person {n}", "Canary Network", "KE"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_xlsx_bomb_is_refused_at_upload_from_the_archive_directory(client):
    bomb = xlsx_bomb()
    assert len(bomb) < 200 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 60 * 10**6
    make_list(client)
    refused = upload(client, bomb, "members.xlsx", "IOM", MAPPING)
    assert refused.status_code == 422
    [reason] = refused.get_json()["errors"]["file"]
    assert "more than 24 MB once unpacked" in reason


def test_the_xlsx_bomb_costs_the_upload_almost_nothing():
    """What the upload does with the bomb, in a fresh interpreter, and its peak."""
    figures = peak_memory(
        """
import time
started = time.process_time()
try:
    imports.header_of(bomb, "xlsx")
except imports.ImportRefused as exc:
    result["refused"] = str(exc)
result["cpu"] = time.process_time() - started
""",
        setup="""
from services.mailer import imports
from tests.support.bombs import xlsx_bomb
bomb = xlsx_bomb()
""",
    )
    print(f"xlsx bomb at upload: {figures}")
    assert "once unpacked" in figures["refused"]
    assert figures["peak"] < API_LIMIT
    assert figures["peak"] - figures["baseline"] < 16 and figures["cpu"] < 1
    assert figures["children"] == 0  # refused before any parser ran


def test_a_header_is_read_without_reading_the_whole_shared_strings_table(client):
    """Within the archive limits, but with 20 MB of strings after the header's own."""
    padded = xlsx(20 * MiB, varied=True)
    assert len(padded) < MiB
    make_list(client)
    job = upload(client, padded, "members.xlsx", "IOM", MAPPING).get_json()
    assert job["status"] == "queued" and job["columns"] == ["Email", "Name"], job
    assert job["total"] == 0  # the worker counts the rows as it reads them


def test_a_workbook_imports_and_the_worker_counts_its_rows(app, client):
    make_list(client)
    job = upload(client, workbook(300), "members.xlsx", "IOM", MAPPING).get_json()
    assert job["status"] == "queued"
    assert job["columns"] == ["Email", "Name", "Organisation", "Country"]
    run_worker(app)
    done = client.get(f"/imports/{job['id']}", headers=outreach()).get_json()
    assert done["status"] == "done" and done["total"] == done["processed"] == 300
    assert done["counts"] == {"new": 300}


def test_a_workbook_the_worker_cannot_read_within_its_limits_fails_once_and_says_why(
    app, client, monkeypatch
):
    make_list(client)
    job = upload(client, workbook(20), "members.xlsx", "IOM", MAPPING).get_json()
    starved = Limits(memory=24 * MiB, cpu_seconds=5, wall_seconds=20, output_bytes=MiB)
    monkeypatch.setattr(imports, "XLSX_ROWS", starved)
    run_worker(app)
    failed = client.get(f"/imports/{job['id']}", headers=outreach()).get_json()
    assert failed["status"] == "failed" and failed["processed"] == 0
    with app.app_context():
        stored = db.session.get(ImportJob, uuid.UUID(failed["id"]))
        assert "more memory or time" in stored.report[0]["reason"]
        assert stored.payload_enc is None  # the file is not kept for another try
    run_worker(app)  # and it is not picked up again
    assert client.get(f"/imports/{job['id']}", headers=outreach()).get_json()["status"] == "failed"


def test_a_bomb_already_queued_fails_in_the_worker_without_parsing(app, client):
    """A job queued before the checks existed: the worker judges the archive too."""
    from services.common.crypto import associated_data
    from services.mailer import contacts

    make_list(client)
    job = upload(client, workbook(2), "members.xlsx", "IOM", MAPPING).get_json()
    with app.app_context():
        stored = db.session.get(ImportJob, uuid.UUID(job["id"]))
        stored.payload_enc = contacts.envelope().seal(
            xlsx_bomb(), associated_data("import_jobs", "payload", stored.id)
        )
        db.session.commit()
    run_worker(app)
    failed = client.get(f"/imports/{job['id']}", headers=outreach()).get_json()
    assert failed["status"] == "failed"


def test_entity_expansion_in_a_workbook_is_refused(client):
    """defusedxml parses every part: a billion-laughs header is not expanded."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx())) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                body = laughs.encode() + body.split(b"?>", 1)[1].replace(b"Email", b"&lol2;")
            target.writestr(item, body)
    make_list(client)
    refused = upload(client, data.getvalue(), "members.xlsx", "IOM", MAPPING)
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["file"] == ["The file is not a workbook we can read."]


def test_defusedxml_is_a_declared_dependency_and_openpyxl_uses_it():
    import tomllib

    from tests.support.bombs import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.split(">")[0].split("=")[0].strip() == "defusedxml" for d in declared)
    importlib.metadata.version("defusedxml")
    import openpyxl

    assert openpyxl.DEFUSEDXML


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_worker_and_its_reader_stay_within_the_workers_memory(database_url, tmp_path):
    """A real workbook near the upload limit, imported by the worker in a fresh
    interpreter: the worker's peak plus its reader child's."""
    path = tmp_path / "members.xlsx"
    path.write_bytes(workbook(12_000))
    figures = peak_memory(
        f"""
from pathlib import Path
data = Path({str(path)!r}).read_bytes()
with app.app_context():
    from services.mailer import imports
    result["columns"] = imports.header_of(data, "xlsx")
    total, rows = imports.xlsx_rows(data)
    result["rows"] = sum(1 for _ in rows)
""",
        setup=f"""
import secrets, tempfile
from pathlib import Path
from services.common.config import CryptoConfig
from services.common.crypto import LocalKeyring
from services.mailer import create_app
from services.mailer.config import Config
from tests.services.conftest import build_app, token_keys
folder = Path(tempfile.mkdtemp())
LocalKeyring.add_key(folder / "keys")
app = build_app(create_app, Config(
    database_url={database_url!r},
    crypto=CryptoConfig(keyring="local", key_dir=folder / "keys",
                        blind_index_key=secrets.token_bytes(32)),
    tokens=token_keys("mailer"), smtp_port=9))
""",
    )
    print(f"xlsx of {path.stat().st_size // 1024} KB in the worker: {figures}")
    assert figures["rows"] == 12_000
    assert figures["peak"] + figures["children"] < WORKER_LIMIT
