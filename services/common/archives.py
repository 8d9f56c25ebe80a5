"""Zip archives (XLSX, DOCX) judged by their central directory before anything inflates.

Deflate packs a run of one byte a thousand to one, so a 150 KB spreadsheet can hold a
60 MB shared-strings table, and a 400 KB document a 400 MB member. The directory at the
end of the archive states each member's size before and after compression; those are
checked here, against `ArchiveLimits`, without reading a member. Python's `zipfile`
never inflates a member past the size its directory entry states (it stops there and
fails the checksum), so a member that lies about its size cannot get past the check.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .errors import ConveneError

MiB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    members: int = 1000
    member_bytes: int = 32 * MiB  # inflated size of any one member
    total_bytes: int = 64 * MiB  # inflated size of them all
    ratio: int = 100  # inflated / compressed, for members over `ratio_floor`
    ratio_floor: int = MiB  # small members may compress better: that costs nothing


class ArchiveRefused(ConveneError):
    """Not a zip archive, or one that would inflate beyond its limits; the message says
    which, in words fit for the person who sent it."""


def check_archive(data: bytes, limits: ArchiveLimits) -> list[zipfile.ZipInfo]:
    """The archive's members, once their stated sizes are within `limits`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a member needs a zip version or feature Python lacks.
        raise ArchiveRefused("The file is not a readable archive.") from exc
    if len(members) > limits.members:
        raise ArchiveRefused(f"The file holds more than {limits.members} parts.")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.member_bytes:
            raise ArchiveRefused(
                f"A part of the file would take more than {limits.member_bytes // MiB} MB "
                "once unpacked."
            )
        if total > limits.total_bytes:
            raise ArchiveRefused(
                f"The file would take more than {limits.total_bytes // MiB} MB once unpacked."
            )
        if member.file_size > limits.ratio_floor and member.file_size > limits.ratio * max(
            member.compress_size, 1
        ):
            raise ArchiveRefused("The file is packed more tightly than any real document.")
    return members
