"""Evidence files: the type is read from the content (never from the name or the
browser's word), the size is limited, and images are redrawn without their metadata
(EXIF, GPS, XMP, comments) before anything is stored.

A photo is a decompression bomb waiting to happen: a PNG of one colour and 40 megapixels
is 130 KB on the wire and 650 MB decoded. So its size in pixels is read from its header
first (nothing is decoded for that), and the decoding and redrawing happen in a child
process with its own memory, CPU and time limits (`services.common.sandbox`,
`redraw.py`): a photo that goes over them is refused, and this process never sees the
cost.
"""

from __future__ import annotations

import io
import struct
import warnings
from pathlib import Path

from PIL import Image

from services.common.errors import Invalid
from services.common.sandbox import Limits, MiB, SandboxError, SandboxRefused, run

from . import redraw

MAX_BYTES = 10 * MiB
MAX_FILES = 5
# A 12-megapixel photo (what phone cameras save by default) decodes to at most 48 MiB.
MAX_PIXELS = 12_000_000
# The body of a report or of more evidence: every file base64-encoded (4 bytes for 3),
# plus 1 MiB for the text fields and JSON. Anything larger is refused before it is read.
MAX_BODY = MAX_FILES * (4 * -(-MAX_BYTES // 3)) + MiB
# The child decodes one photo: the interpreter with Pillow (about 60 MiB of address
# space), the decoded picture and one copy (2 x 48 MiB), the encoder's buffers.
REDRAW_LIMITS = Limits(
    memory=320 * MiB, cpu_seconds=15, wall_seconds=30, output_bytes=MAX_PIXELS * 4 + MiB
)
REDRAW = Path(redraw.__file__)
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
TOO_BIG = "A file is larger than 10 MB."
NOT_EVIDENCE = "Files can be images (JPEG, PNG), PDF documents or audio recordings."
TOO_MANY_FILES = f"At most {MAX_FILES} files."
TOO_MANY_AT_ONCE = f"At most {MAX_FILES} files at a time."
TOO_MANY_PIXELS = "An image has more than 12 megapixels: send a smaller copy."
UNREADABLE = "An image could not be read."
TOO_DEMANDING = "An image could not be processed within our limits: send a smaller copy."


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
        raise Invalid(TOO_BIG)
    kind = media_type(content)
    if kind is None:
        raise Invalid(NOT_EVIDENCE)
    if kind in IMAGE_FORMATS:
        return kind, without_metadata(content, IMAGE_FORMATS[kind])
    return kind, content


def pixels(content: bytes, image_format: str) -> int:
    """Width x height from the header alone; Invalid when there is no readable header."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[image_format]) as probe:
                return probe.width * probe.height
    except Image.DecompressionBombError:
        return MAX_PIXELS + 1
    except (
        OSError,
        # What Pillow raises on a damaged PNG chunk (SyntaxError, ValueError) or EXIF block
        # (struct.error, TypeError), found by tests/services/grievance/test_evidence_fuzz.py.
        SyntaxError,
        ValueError,
        TypeError,
        EOFError,
        struct.error,
    ) as exc:
        raise Invalid(UNREADABLE) from exc


def without_metadata(content: bytes, image_format: str) -> bytes:
    """The picture alone, redrawn in a child process under `REDRAW_LIMITS`."""
    if pixels(content, image_format) > MAX_PIXELS:
        raise Invalid(TOO_MANY_PIXELS)
    try:
        return run(REDRAW, content, REDRAW_LIMITS, image_format, str(MAX_PIXELS))
    except SandboxRefused as refused:
        raise Invalid(TOO_MANY_PIXELS if refused.code == redraw.TOO_LARGE else UNREADABLE) from None
    except SandboxError:  # over its memory, CPU or time: killed, and said so
        raise Invalid(TOO_DEMANDING) from None
