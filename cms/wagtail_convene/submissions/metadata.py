"""Strip a document's metadata before it is published.

A submitter's word processor writes their name (and often their organisation, their
computer's user name and editing times) into the file: a PDF's info dictionary and XMP
packet, an Office document's `docProps/`, an OpenDocument's `meta.xml`. Only the content
is published, so these are rewritten empty when a submission's document arrives and
again when it is approved (an editor may have attached another file in the admin).
"""

from __future__ import annotations

import io
import logging
import shutil
import zipfile

from .checks import DOCX, ODT, PDF, sniff_document_type

log = logging.getLogger("wagtail_convene.submissions")

EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"/>'
)
EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'custom-properties"/>'
)
EMPTY_ODF_META = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'office:version="1.2"><office:meta/></office:document-meta>'
)
# Parts replaced by an empty one (kept, since the package's manifest names them).
EMPTY_PARTS = {
    DOCX: {
        "docProps/core.xml": EMPTY_CORE,
        "docProps/app.xml": EMPTY_APP,
        "docProps/custom.xml": EMPTY_CUSTOM,
    },
    ODT: {"meta.xml": EMPTY_ODF_META},
}


def strip_pdf(data: bytes) -> bytes:
    """The PDF's pages (with outlines) in a new file without info dictionary or XMP."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.metadata = None  # no /Info, not even a /Producer
    for key in ("/Metadata", "/PieceInfo"):
        if key in writer._root_object:
            del writer._root_object[key]
    for page in writer.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page:
                del page[key]
    writer.compress_identical_objects(remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def strip_package(data: bytes, kind: str) -> bytes:
    """A DOCX or ODT archive with its metadata parts emptied; every other part copied as
    it streams, never held whole (the archive passed `checks.archive_problem` first)."""
    empty = EMPTY_PARTS[kind]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            # ODF wants its `mimetype` first and stored, as the original has it.
            if item.filename in empty:
                target.writestr(item, empty[item.filename], compress_type=item.compress_type)
                continue
            copy = zipfile.ZipInfo(item.filename, item.date_time)
            copy.compress_type, copy.external_attr = item.compress_type, item.external_attr
            copy.file_size = item.file_size
            with source.open(item) as reader, target.open(copy, "w") as writer:
                shutil.copyfileobj(reader, writer, 1024 * 1024)
    return out.getvalue()


def strip_metadata(data: bytes) -> bytes:
    """`data` without its author and other metadata; unchanged if not PDF, DOCX or ODT."""
    kind = sniff_document_type(data)
    try:
        if kind == PDF:
            return strip_pdf(data)
        if kind in (DOCX, ODT):
            return strip_package(data, kind)
    except Exception as exc:  # a damaged file is left for the reviewers to judge
        log.warning("event=submission.strip_failed kind=%s error=%s", kind, type(exc).__name__)
        raise MetadataError(kind) from exc
    return data


class MetadataError(Exception):
    """The document could not be rewritten without its metadata."""


def carries_metadata(data: bytes) -> bool:
    """Whether `data` has an info dictionary, XMP or non-empty metadata parts."""
    kind = sniff_document_type(data)
    if kind == PDF:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return bool(reader.metadata) or any(
            "/Metadata" in obj for obj in (reader.trailer["/Root"], *reader.pages)
        )
    if kind in (DOCX, ODT):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            return any(
                name in names and _head(archive, name, len(body) + 1) != body
                for name, body in EMPTY_PARTS[kind].items()
            )
    return False


def _head(archive: zipfile.ZipFile, name: str, size: int) -> bytes:
    with archive.open(name) as member:
        return member.read(size)


def strip_document(document) -> bool:
    """Rewrite a stored Wagtail document without metadata; True if it had some."""
    with document.file.open("rb") as fh:
        data = fh.read()
    try:
        if not carries_metadata(data):
            return False
        clean = strip_metadata(data)
    except Exception as exc:  # unreadable: the reviewers saw the file before approving it
        log.warning("event=submission.strip_failed error=%s", type(exc).__name__)
        return False
    from django.core.files.base import ContentFile

    name = document.file.name.rsplit("/", 1)[-1]
    document.file.save(name, ContentFile(clean), save=False)
    document.file_size = len(clean)
    document.file_hash = ""
    document.save()
    return True
