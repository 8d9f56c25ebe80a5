"""The reporting forms' bodies (issue 17, sections 4 and 5): every file stays in memory
(never spooled to /tmp), the form accepts what it promises (5 files of 10 MB) and refuses
more in the reporter's language, photos are measured from their headers, and the files
reach the service as a stream of JSON rather than built whole."""

import base64
import json

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.bombs import png_bomb, small_png
from tests.support.site import report_fields
from wagtail_convene.clients import grievance as grievance_client
from wagtail_convene.reporting import forms

from .conftest import make_review, translate_page
from .test_reporting_links import add_reporting

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def no_fill_time(settings):
    """The minimum fill time of a report is tested in test_form_abuse.py."""
    settings.WAGTAILCONVENE_REPORT_MIN_SECONDS = 0


@pytest.fixture
def reporting():
    review = make_review("ECE")
    page = add_reporting(review)
    translate_page(review, "fr")
    return {"en": page, "fr": translate_page(page, "fr")}


@pytest.fixture
def service(monkeypatch):
    """The grievance service as a mock transport that keeps what it was sent."""
    received = []

    def answer(request: httpx.Request) -> httpx.Response:
        received.append((request.headers, json.loads(request.read())))
        return httpx.Response(201, json={"code": "12345 " * 5, "kind": "grievance"})

    real = grievance_client.GrievanceClient.__init__

    def with_mock(self, base_url, tokens, timeout=10.0, transport=None):
        real(self, base_url, tokens, timeout, httpx.MockTransport(answer))

    monkeypatch.setattr(grievance_client.GrievanceClient, "__init__", with_mock)
    return received


def report(**files) -> dict:
    return {
        "category": "other",
        "description": "Canary-Upload: what happened.",
        "evidence": list(files.values()),
    }


def send(client, url: str, data: dict):
    """The form as a person sends it: served first, with its ticket."""
    return client.post(url, {**report_fields(client.get(url).content.decode()), **data})


def pdf(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n" + b"\x01" * (size - 9))


def test_evidence_never_touches_the_disk_and_reaches_the_service_intact(
    client, reporting, service, settings, tmp_path
):
    """Over Django's 2.5 MB a file would be spooled to FILE_UPLOAD_TEMP_DIR: here that
    folder does not exist, so a spooled upload would fail the request."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "no-such-folder")
    files = {f"f{n}": pdf(f"evidence-{n}.pdf", 10 * MiB) for n in range(5)}
    sent = send(client, reporting["en"].url + "grievance/", report(**files))
    assert sent.status_code == 200 and "12345" in sent.text
    [(headers, body)] = service
    assert int(headers["content-length"]) > 66 * MiB and "chunked" not in str(headers)
    assert [len(base64.b64decode(item)) for item in body["evidence"]] == [10 * MiB] * 5
    assert body["description"] == "Canary-Upload: what happened." and body["region"] == "ECE"


def test_a_body_over_the_promise_is_refused_unread_in_the_readers_language(
    client, reporting, settings
):
    settings.WAGTAILCONVENE_EVIDENCE_MAX_FILES = 1  # a body of at most 1 + 1 MiB
    settings.WAGTAILCONVENE_EVIDENCE_MAX_BYTES = MiB
    refused = client.post(reporting["fr"].url + "grievance/", report(f=pdf("e.pdf", 3 * MiB)))
    assert refused.status_code == 413
    assert "Votre signalement n’a pas été envoyé" in refused.text
    assert "au plus 1 fichier d’au plus 1 Mo." in refused.text
    assert refused["Cache-Control"] == "no-store"


def test_the_page_nginx_shows_for_a_body_over_its_limit_is_translated(client, reporting):
    page = client.get("/ar/reporting/too-large/")
    assert page.status_code == 413 and 'lang="ar"' in page.text
    assert "لم يُرسل بلاغك" in page.text
    french = client.get("/fr/reporting/too-large/")
    assert "au plus 5\u00a0fichiers" in french.text or "au plus 5 fichiers" in french.text


@pytest.mark.parametrize(
    ("files", "french"),
    [
        ({f"f{n}": pdf(f"e{n}.pdf", 1024) for n in range(6)}, "Envoyez au plus 5 fichiers."),
        ({"f": pdf("grand.pdf", 10 * MiB + 1)}, "«\u00a0grand.pdf\u00a0» dépasse 10\u00a0Mo."),
        (
            {"f": SimpleUploadedFile("photo.png", png_bomb())},
            "«\u00a0photo.png\u00a0» dépasse 12\u00a0mégapixels",
        ),
    ],
    ids=["six files", "eleven megabytes", "forty megapixels"],
)
def test_the_form_refuses_what_the_service_would_in_the_readers_language(
    client, reporting, service, files, french
):
    refused = client.post(reporting["fr"].url + "grievance/", report(**files))
    assert refused.status_code == 422
    assert french in refused.text.replace("&nbsp;", "\u00a0").replace("&laquo;", "«")
    assert service == []  # nothing was sent


def test_a_photo_within_the_limit_passes_the_header_check(client, reporting, service):
    photo = SimpleUploadedFile("photo.png", small_png(4000, 3000))
    assert send(client, reporting["en"].url + "grievance/", report(f=photo)).status_code == 200
    assert len(service) == 1


def test_the_services_evidence_messages_are_all_translated():
    """Both sides of the boundary: every refusal the service can give about evidence."""
    from services.grievance import evidence

    said = {
        evidence.TOO_BIG,
        evidence.NOT_EVIDENCE,
        evidence.TOO_MANY_PIXELS,
        evidence.UNREADABLE,
        evidence.TOO_DEMANDING,
        evidence.TOO_MANY_FILES,
        evidence.TOO_MANY_AT_ONCE,
    }
    assert said == set(forms.SERVICE_EVIDENCE_MESSAGES)


def test_the_plugin_and_the_service_agree_on_the_limits(settings):
    from services.grievance import evidence
    from wagtail_convene import conf

    assert conf.evidence_max_files() == evidence.MAX_FILES
    assert conf.evidence_max_bytes() == evidence.MAX_BYTES
    assert conf.evidence_max_pixels() == evidence.MAX_PIXELS
    # What the CMS sends for the largest report fits the service's limit for its body.
    largest = [pdf(f"e{n}", conf.evidence_max_bytes()) for n in range(conf.evidence_max_files())]
    fields = {"category": "other", "description": "x" * 10000, "region": "ECE"}
    length, _body = grievance_client.with_evidence(fields, largest)
    assert length <= evidence.MAX_BODY


def test_the_streamed_body_is_the_json_it_stands_for():
    contents = [bytes(range(256)) * (n * 1000 + 1) + b"x" * n for n in range(4)]
    files = [SimpleUploadedFile(f"f{n}", content) for n, content in enumerate(contents)]
    fields = {"code": "1 2 3", "text": 'é\u00a0"quoted"'}
    length, body = grievance_client.with_evidence(fields, files)
    sent = b"".join(body)
    assert len(sent) == length
    assert json.loads(sent) == {
        **fields,
        "evidence": [base64.b64encode(content).decode() for content in contents],
    }
    assert grievance_client.with_evidence({"a": 1}, [])[0] == len(b'{"a": 1, "evidence": []}')
