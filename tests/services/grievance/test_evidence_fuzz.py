"""Generated evidence files: each is stored as what its content is, or refused with
`Invalid` (a 422 naming what is wrong); never another error."""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image

from services.common.errors import Invalid
from services.grievance import evidence

from ...support.fuzz import count, fuzz, mutated

# Pillow warns about the damage it reads past ("Corrupt EXIF data"): expected here.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def picture(image_format: str, mode: str = "RGB", **options) -> bytes:
    out = io.BytesIO()
    image = Image.new(mode, (12, 9), "blue")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turned
    exif[0x010E] = "Canary-Exif"
    image.save(out, image_format, exif=exif, **options)
    return out.getvalue()


SEEDS = [
    picture("JPEG"),
    picture("JPEG", progressive=True),
    picture("PNG"),
    picture("PNG", mode="P"),
    picture("PNG", mode="I;16"),
    b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n",
    b"RIFF\x24\x00\x00\x00WAVEfmt ",
    b"OggS\x00\x02" + bytes(20),
    b"\x00\x00\x00\x20ftypM4A " + bytes(16),
]
PREFIXES = [signature for _, signature, _ in evidence.SIGNATURES]


def accept(content: bytes) -> None:
    try:
        kind, stored = evidence.accept(content)
    except Invalid:
        return
    assert kind == evidence.media_type(content)
    if kind in evidence.IMAGE_FORMATS:
        assert b"Canary-Exif" not in stored
        assert evidence.media_type(stored) == kind


@fuzz(200)
@given(st.sampled_from(SEEDS).flatmap(lambda seed: mutated(seed, edits=3)))
def test_damaged_files(content):
    count("evidence")
    accept(content)


@fuzz(80)
@example(b"\x89PNG\r\n\x1a\n")
@example(b"\xff\xd8\xff")
@given(st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=200)).map(b"".join))
def test_right_signature_then_anything(content):
    count("evidence")
    accept(content)


def test_a_png_with_a_damaged_chunk_is_refused():
    # Found by fuzzing: Pillow's "broken PNG file" is a SyntaxError, which escaped as a 500
    # from POST /grievances and /cases/evidence.
    damaged = bytearray(picture("PNG"))
    damaged[damaged.find(b"IDAT") + 6] ^= 0xFF
    with pytest.raises(Invalid):
        evidence.accept(bytes(damaged))
