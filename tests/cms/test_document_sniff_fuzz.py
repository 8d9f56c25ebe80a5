"""Generated submission documents: the type is `pdf`, `docx`, `odt` or None, and taking
the metadata out answers a document or `MetadataError`; nothing else is raised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from demo.home.documents import minimal_pdf
from wagtail_convene.submissions.checks import sniff_document_type
from wagtail_convene.submissions.metadata import MetadataError, strip_metadata

from ..support.fuzz import count, fuzz, members_of, mutated, odd_archives, zip_variants
from .test_submissions import docx, odt

ODT, DOCX = members_of(odt()), members_of(docx())
NAMES = ("mimetype", "[Content_Types].xml", "word/document.xml", "docProps/core.xml", "meta.xml")
ODD = {**odd_archives(ODT), **{f"docx, {k}": v for k, v in odd_archives(DOCX).items()}}


def sniff(data: bytes) -> None:
    kind = sniff_document_type(data)
    assert kind in ("pdf", "docx", "odt", None)
    try:
        assert isinstance(strip_metadata(data), bytes)
    except MetadataError:
        pass


@fuzz(150)
@given(st.sampled_from([ODT, DOCX]).flatmap(lambda members: zip_variants(members, NAMES)))
def test_damaged_packages(data):
    count("documents")
    sniff(data)


@fuzz(60)
@given(mutated(minimal_pdf("Canary"), edits=3) | st.binary(max_size=200))
def test_damaged_pdfs_and_anything(data):
    count("documents")
    sniff(data)


@pytest.mark.parametrize("kind", sorted(ODD))
def test_packages_zipped_oddly(kind):
    count("documents")
    sniff(ODD[kind])
