"""Redraw one evidence photo without its metadata, inside `services.common.sandbox`.

Stand-alone (Pillow and the standard library only): the file arrives on stdin, the
picture alone leaves on stdout, turned upright as its EXIF said and drawn again with no
EXIF, GPS, XMP, ICC profile or text chunks.

    python redraw.py JPEG|PNG MAX_PIXELS

Exit status: 0 with the picture; 10 when it has more than MAX_PIXELS pixels (read from
its header, before anything is decoded); 11 when it is not a readable picture of that
format. Running out of memory or CPU time kills the process: the caller says so.
"""

from __future__ import annotations

import io
import struct
import sys
import warnings

TOO_LARGE, UNREADABLE = 10, 11
MODES = ("RGB", "RGBA", "L", "LA")


class Refused(Exception):
    def __init__(self, status: int):
        self.status = status


def redraw(content: bytes, image_format: str, max_pixels: int) -> bytes:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow refuses twice this before decoding
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[image_format]) as probe:
                if probe.width * probe.height > max_pixels:
                    raise Refused(TOO_LARGE)
                probe.verify()  # chunk checksums and structure, without decoding
            with Image.open(io.BytesIO(content), formats=[image_format]) as image:
                image.load()
                ImageOps.exif_transpose(image, in_place=True)
                picture = image if image.mode in MODES else image.convert("RGBA")
                # A new image carries nothing of the old one's `info`: one copy of the
                # pixels at a time beside the decoded original.
                clean = Image.new(picture.mode, picture.size)
                clean.paste(picture)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise Refused(TOO_LARGE) from exc
    except (OSError, SyntaxError, ValueError, TypeError, EOFError, struct.error) as exc:
        # A damaged PNG chunk or EXIF block (tests/services/grievance/test_evidence_fuzz.py).
        raise Refused(UNREADABLE) from exc
    del picture, image
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.convert("RGB").save(out, "JPEG", quality=90)
    else:
        clean.save(out, "PNG", compress_level=3)  # level 6 takes 5 s on a noisy photo
    return out.getvalue()


def main() -> int:
    image_format, max_pixels = sys.argv[1], int(sys.argv[2])
    try:
        picture = redraw(sys.stdin.buffer.read(), image_format, max_pixels)
    except Refused as refused:
        return refused.status
    sys.stdout.buffer.write(picture)
    return 0


if __name__ == "__main__":
    sys.exit(main())
