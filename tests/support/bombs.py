"""Small files that expand into huge ones, built in the test (issue 17, section 4), and a
way to measure what a piece of code costs in a fresh process.

- `docx_bomb()`: a DOCX of about 400 KB whose `mimetype` member inflates to about 400 MB.
- `png_bomb()`: a PNG of one colour, 8000 x 5000 pixels (40 megapixels), about 130 KB.
- `xlsx_bomb()`: an XLSX of about 150 KB whose shared-strings table inflates to about 60 MB.

`peak_memory(code)` runs `code` in a new interpreter (so that this process's own history
cannot mask it) and returns that process's peak resident memory, and its children's, in MiB.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024


def _stream_member(
    archive: zipfile.ZipFile, name: str, head: bytes, fill: bytes, size: int, tail: bytes = b""
):
    """Write `head`, whole copies of `fill` and `tail`, about `size` bytes in all, without
    holding them in memory."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 9  # noqa: SLF001 - what ZipFile(compresslevel=9) does for names
    per_chunk = max(1, MiB // len(fill))
    left = (size - len(head) - len(tail)) // len(fill)
    with archive.open(info, "w", force_zip64=size > 2**31) as member:
        member.write(head)
        while left > 0:
            member.write(fill * min(per_chunk, left))
            left -= per_chunk
        member.write(tail)


@cache
def docx_bomb(inflated: int = 400 * MiB) -> bytes:
    """A DOCX (content types and a document) whose first member, `mimetype`, is a bomb:
    the member a reader of OpenDocument checks first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _stream_member(
            archive, "mimetype", b"application/vnd.oasis.opendocument.text", b" ", inflated
        )
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@cache
def png_bomb(width: int = 8000, height: int = 5000) -> bytes:
    """An RGB PNG of one colour: each row is a filter byte and zeros, deflated."""
    row = b"\x00" + b"\x00" * (width * 3)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )


def small_png(width: int = 40, height: int = 30) -> bytes:
    return png_bomb.__wrapped__(width, height)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    "xl/worksheets/sheet1.xml": (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B2"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
        "</sheetData></worksheet>"
    ),
}
SHARED = ("Email", "Name", "amina@example.org", "Amina")


def xlsx(filler: int = 0, varied: bool = False) -> bytes:
    """A workbook as Excel writes it (cells point into a shared-strings table). With
    `filler`, the table is padded with about that many bytes of unused short strings:
    all alike (packed about 400 to 1), or `varied` (about 30 to 1, like real text)."""
    out = io.BytesIO()
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{text}</t></si>" for text in SHARED)
    ).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        fill = b"<si><t>Canary</t></si>"
        if varied:
            letters = random.Random(17).choices(b"abcdefghijklmnopqrstuvwxyz", k=4096)
            fill = b"".join(b"<si><t>Canary %c</t></si>" % letter for letter in letters)
        _stream_member(archive, "xl/sharedStrings.xml", head, fill, filler, b"</sst>")
    return out.getvalue()


@cache
def xlsx_bomb(inflated: int = 60 * MiB) -> bytes:
    """A header, one contact, and a shared-strings table of millions of short strings."""
    return xlsx(inflated)


def peak_memory(code: str, *, setup: str = "", env: dict | None = None, timeout: float = 300):
    """Run `setup` then `code` in a fresh interpreter; returns a dict of MiB figures:
    `setup_peak` (the peak while `setup` ran), `baseline` (what the process held when
    `code` started), `peak` (`ru_maxrss` once `code` is done: the most it held while `code`
    ran, or `baseline`), `children` (the largest child it waited for), and whatever `code`
    put in the dict `result`."""
    script = "\n".join(
        [
            "import json, resource, sys",
            "result = {}",
            textwrap.dedent(setup),
            "setup_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
            "import gc; gc.collect()",
            # Linux: reset the high-water mark to what the process holds now, so that
            # what `setup` built and dropped does not count as the code's cost.
            "open('/proc/self/clear_refs', 'w').write('5')",
            "baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
            textwrap.dedent(code),
            "self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
            "children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss",
            "result.update(setup_peak=setup_peak / 1024, baseline=baseline / 1024,",
            "              peak=self_peak / 1024, children=children / 1024)",
            "sys.stdout.write('\\nPEAK ' + json.dumps(result, default=str) + '\\n')",
        ]
    )
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "cms")]),
        **(env or {}),
    }
    # Through a launcher that forks it: a process started straight from this one would
    # inherit this one's peak (Linux carries `maxrss` across exec), masking the figure.
    launcher = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"
    done = subprocess.run(
        [sys.executable, "-c", launcher, sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise AssertionError(f"the measured code failed:\n{done.stderr[-3000:]}")
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("PEAK ")][-1]
    return json.loads(line.removeprefix("PEAK "))


def k8s_memory_limit(deployment: str, container: str | None = None) -> int:
    """The memory limit (MiB) of a deployment's container in infra/k8s/base."""
    import yaml

    for path in sorted((ROOT / "infra" / "k8s" / "base").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if not doc or doc.get("kind") != "Deployment":
                continue
            if doc["metadata"]["name"] != deployment:
                continue
            for item in doc["spec"]["template"]["spec"]["containers"]:
                if container is None or item["name"] == container:
                    limit = item["resources"]["limits"]["memory"]
                    units = {"Mi": 1, "Gi": 1024}
                    return int(limit[:-2]) * units[limit[-2:]]
    raise LookupError(deployment)
