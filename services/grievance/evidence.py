"""Evidence files: the type is read from the content (never from the name or the
browser's word), the size is limited, and images are redrawn without their metadata
(EXIF, GPS, XMP, comments) before anything is stored."""

from __future__ import annotations

import io
import struct
import warnings

from PIL import Image, ImageOps

from services.common.errors import Invalid

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 40_000_000
SIGNATURES = [  # (offset, bytes, media type)
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"\xff\xf3", "audio/mpeg"),
    (0, b"OggS", "audio/ogg"),
    (4, b"ftypM4A", "audio/mp4"),
]
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def media_type(content: bytes) -> str | None:
    for offset, signature, kind in SIGNATURES:
        if content[offset : offset + len(signature)] == signature:
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        return "audio/wav"
    return None


def accept(content: bytes) -> tuple[str, bytes]:
    """(media type, what to store) or Invalid naming what is wrong."""
    if len(content) > MAX_BYTES:
        raise Invalid("A file is larger than 10 MB.")
    kind = media_type(content)
    if kind is None:
        raise Invalid("Files can be images (JPEG, PNG), PDF documents or audio recordings.")
    if kind in IMAGE_FORMATS:
        return kind, without_metadata(content, IMAGE_FORMATS[kind])
    return kind, content


def without_metadata(content: bytes, image_format: str) -> bytes:
    """The picture alone: turned upright as its EXIF said, then drawn again with no
    EXIF, GPS, XMP, ICC or text chunks."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(content)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise Invalid("An image is too large.")
                upright = ImageOps.exif_transpose(image)
                if upright.mode not in ("RGB", "RGBA", "L", "LA"):
                    upright = upright.convert("RGBA")
                clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    except (
        OSError,
        # What Pillow raises on a damaged PNG chunk (SyntaxError, ValueError) or EXIF block
        # (struct.error, TypeError), found by tests/services/grievance/test_evidence_fuzz.py.
        SyntaxError,
        ValueError,
        TypeError,
        EOFError,
        struct.error,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise Invalid("An image could not be read.") from exc
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.convert("RGB").save(out, "JPEG", quality=90)  # new image: no info to carry
    else:
        clean.save(out, "PNG")
    return out.getvalue()
