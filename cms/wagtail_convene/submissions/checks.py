"""Automatic checks run on every submission; the task team sees their results.

The document's type is decided by its content (magic bytes and, for DOCX/ODT, the
archive's own manifest), never by its name or the browser's claim.
"""

from __future__ import annotations

import lzma
import re
import zipfile
import zlib

from django.utils.translation import gettext as _

from .. import conf

PDF, DOCX, ODT = "pdf", "docx", "odt"


def sniff_document_type(data: bytes) -> str | None:
    """`pdf`, `docx`, `odt`, or None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == (
                b"application/vnd.oasis.opendocument.text"
            ):
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        # And what zipfile raises on a damaged or odd archive: a bad offset, an encrypted
        # member, an unknown or damaged compression (tests/cms/test_document_sniff_fuzz.py).
        ValueError,
        RuntimeError,
        NotImplementedError,
        EOFError,
        zlib.error,
        lzma.LZMAError,
    ):
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
