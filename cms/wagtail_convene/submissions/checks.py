"""Automatic checks run on every submission; the task team sees their results.

The document's type is decided by its content (magic bytes and, for DOCX/ODT, the
archive's own manifest), never by its name or the browser's claim.

A DOCX or ODT is a zip archive, and deflate packs a run of one byte a thousand to one: a
400 KB "document" whose `mimetype` member inflates to 400 MB took the CMS to 900 MB when
that member was read whole. So an archive is first judged by its central directory
(`archive_problem`: members, their stated sizes and packing ratio; nothing is inflated),
and the members read afterwards are read with a bounded read. Python's zipfile never
inflates a member past the size its directory entry states.
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib

from django.utils.translation import gettext as _

from .. import conf

PDF, DOCX, ODT = "pdf", "docx", "odt"
MiB = 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A 10 MB document: its text XML packs about ten to one, its pictures not at all.
ARCHIVE_MEMBERS = 2000
ARCHIVE_MEMBER_BYTES = 128 * MiB
ARCHIVE_TOTAL_BYTES = 256 * MiB
ARCHIVE_RATIO = 100  # inflated / compressed, for members over ARCHIVE_RATIO_FLOOR
ARCHIVE_RATIO_FLOOR = MiB
# What zipfile raises on a damaged or odd archive: a bad offset, a missing member, an
# encrypted member, an unknown version or compression, damaged deflate or LZMA data
# (tests/cms/test_document_sniff_fuzz.py).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
)


def archive_problem(data: bytes) -> str | None:
    """Why this zip archive must not be opened any further, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except ZIP_ERRORS:
        return _("Send a PDF, DOCX or ODT document.")
    if len(members) > ARCHIVE_MEMBERS:
        return _("The document has more parts than any real document.")
    total = 0
    for member in members:
        total += member.file_size
        packed = member.file_size > ARCHIVE_RATIO * max(member.compress_size, 1)
        if (
            member.file_size > ARCHIVE_MEMBER_BYTES
            or total > ARCHIVE_TOTAL_BYTES
            or (member.file_size > ARCHIVE_RATIO_FLOOR and packed)
        ):
            return _("The document would take more than %(mb)s MB once unpacked.") % {
                "mb": ARCHIVE_TOTAL_BYTES // MiB
            }
    return None


def sniff_document_type(data: bytes) -> str | None:
    """`pdf`, `docx`, `odt`, or None for anything else (an archive bomb included)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04") or archive_problem(data):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(len(ODT_MIMETYPE) + 8).strip() == ODT_MIMETYPE:
                        return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except ZIP_ERRORS:
        return None
    return None


def flagged_words(*texts: str) -> list[str]:
    words = conf.unacceptable_words()
    if not words:
        return []
    found = set()
    for text in texts:
        tokens = set(re.findall(r"\w+", text.lower()))
        found.update(w for w in words if w in tokens)
    return sorted(found)


def run_checks(title: str, summary: str, document_type: str | None, size: int) -> list[dict]:
    """Each check: name, passed, detail (shown to reviewers in the admin)."""
    limit = conf.submission_summary_max()
    words = flagged_words(title, summary)
    return [
        {
            "name": _("Summary length"),
            "passed": len(summary) <= limit,
            "detail": _("%(n)s of at most %(max)s characters") % {"n": len(summary), "max": limit},
        },
        {
            "name": _("Document type"),
            "passed": document_type in (PDF, DOCX, ODT),
            "detail": (document_type or _("not recognised")).upper(),
        },
        {
            "name": _("Document size"),
            "passed": size <= conf.submission_max_bytes(),
            "detail": f"{size / 1024:.0f} KB",
        },
        {
            "name": _("Unacceptable words"),
            "passed": not words,
            "detail": ", ".join(words) or _("none found"),
        },
    ]
