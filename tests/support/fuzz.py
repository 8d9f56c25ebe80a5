"""Bounded, reproducible generated input: one Hypothesis profile and a tally of what ran.

Every fuzz test runs a fixed number of examples, derandomised (the same inputs on every
run, so a failure is not a flake and is found again by the next run), without an example
database (nothing is written into the work tree). The tally is printed at the end of the
run, so the number of generated inputs is on record.

`CONVENE_FUZZ_SCALE=20 pytest tests/...fuzz.py` searches longer by hand: 20 times the
examples, and fresh random ones on each run (not in `make test`).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

TALLY: Counter = Counter()

SCALE = int(os.environ.get("CONVENE_FUZZ_SCALE", "1"))

settings.register_profile(
    "convene",
    derandomize=SCALE == 1,
    database=None,
    deadline=None,  # a shared CI machine: wall-clock deadlines would flake
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("convene")


def fuzz(examples: int) -> settings:
    """The profile with `examples` examples: use as `@fuzz(200)` above `@given(...)`."""
    return settings(max_examples=examples * SCALE)


def count(name: str) -> None:
    TALLY[name] += 1


def summary() -> str | None:
    if not TALLY:
        return None
    return "generated inputs: " + ", ".join(f"{k} {v}" for k, v in sorted(TALLY.items()))


# Pieces a parser of office documents and mail treats specially, spliced into valid files
# so that generated input gets past the first check and into the parser.
TOKENS = [
    b"<",
    b">",
    b"&",
    b"&#0;",
    b"&amp;",
    b"]]>",
    b"<![CDATA[",
    b'"',
    b"'",
    b"\x00",
    b"\xff",
    b'<!DOCTYPE x [<!ENTITY e "e">]>',
    b"&e;",
    b"<?xml version='1.0'?>",
    b' t="s"',
    b' t="d"',
    b' t="e"',
    b' t="b"',
    b' t="n"',
    b' t="str"',
    b' t="inlineStr"',
    b' r="XFD1048577"',
    b' r="A0"',
    b' r="-1"',
    b"<v>99999</v>",
    b"<v>-1</v>",
    b"<v>1e309</v>",
    b"<v>nan</v>",
    b"<v></v>",
    b'<c r="A1" t="s"><v>7</v></c>',
    b"<row>",
    b"</row>",
    b'<row r="0">',
    b"<sheetData/>",
    b"<si><t>x</t></si>",
    b' count="-1"',
    b' uniqueCount="99999999"',
    b"\r\n",
    b"\n\n",
    b";",
    b",",
    b"\t",
    b'"',
    b"--",
    b"boundary",
    b"Content-Type: ",
    b"message/delivery-status",
    b"multipart/report",
    b"Final-Recipient: rfc822;",
    b"Action: failed",
    b"Status: 5.1.1",
    b"=?utf-8?b?",
    b"=?x?q?=ff?=",
]


@st.composite
def mutated(draw, original: bytes, edits: int = 4) -> bytes:
    """`original` with a few edits: bytes changed, cut, repeated, or tokens spliced in."""
    data = bytearray(original)
    for _ in range(draw(st.integers(0, edits))):
        at = draw(st.integers(0, len(data)))
        span = draw(st.integers(0, 64))
        kind = draw(st.sampled_from(["set", "cut", "token", "bytes", "repeat", "truncate"]))
        if kind == "set" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + span]
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "bytes":
            data[at:at] = draw(st.binary(max_size=span))
        elif kind == "repeat":
            data[at:at] = data[at : at + span]
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


@st.composite
def zip_variants(draw, members: dict[str, bytes], extra_names: tuple[str, ...] = ()) -> bytes:
    """An archive built from `members`: some dropped, some edited, some added, stored or
    compressed, then perhaps damaged as a whole."""
    names = list(members) + list(extra_names)
    kept = draw(st.lists(st.sampled_from(names), unique=True, min_size=0, max_size=len(names)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in kept:
            content = members.get(name, b"")
            if draw(st.booleans()):
                content = draw(mutated(content))
            method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
            archive.writestr(name, content, compress_type=method)
    whole = buffer.getvalue()
    return draw(mutated(whole, edits=2)) if draw(st.booleans()) else whole


def members_of(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def odd_archives(members: dict[str, bytes]) -> dict[str, bytes]:
    """`members` zipped in ways random edits seldom reach: one header field out of range,
    every member marked encrypted, compressed by a method Python cannot read, or by bzip2
    and LZMA with damaged data."""

    def build(method=zipfile.ZIP_DEFLATED, patch=None) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in members.items():
                archive.writestr(name, content, compress_type=method)
        data = bytearray(buffer.getvalue())
        if patch:
            patch(data)
        return bytes(data)

    def headers(data: bytearray):
        """Offsets of every local (PK\\3\\4) and central (PK\\1\\2) file header."""
        for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            while at >= 0:
                yield at + flag_at
                at = data.find(signature, at + 4)

    def encrypted(data: bytearray):
        for flags in headers(data):
            data[flags] |= 0x01

    def unknown_method(data: bytearray):
        for flags in headers(data):
            data[flags + 2 : flags + 4] = (99).to_bytes(2, "little")

    def damaged(data: bytearray):
        for flags in headers(data):
            start = flags + 24 if data[flags - 6 : flags - 2] == b"PK\x03\x04" else None
            if start:
                data[start + 40 : start + 44] = b"\xff\xff\xff\xff"

    def byte(signature: bytes, offset: int, value: int):
        """One byte of the first header with `signature` set to `value`."""

        def patch(data: bytearray):
            data[data.find(signature) + offset] = value

        return patch

    return {
        "extra field longer than the file": build(patch=byte(b"PK\x03\x04", 28, 0xFF)),
        "version needed 25.5": build(patch=byte(b"PK\x01\x02", 6, 0xFF)),
        "central directory past the end": build(patch=byte(b"PK\x05\x06", 16, 0xFF)),
        "encrypted": build(patch=encrypted),
        "unknown method": build(patch=unknown_method),
        "bzip2, damaged": build(zipfile.ZIP_BZIP2, damaged),
        "lzma, damaged": build(zipfile.ZIP_LZMA, damaged),
        "deflate, damaged": build(zipfile.ZIP_DEFLATED, damaged),
    }
