"""The erasure ledger: which records were erased, kept apart from the database.

A backup restored from before an erasure brings the erased person back. Each erasure is
therefore also written here — the record's random id (or, for a mailing address, its
keyed blind index) and the date, nothing readable —
and `flask --app services.<name> erasures reapply` erases them again after a restore.

The ledger lives where database restores do not reach: a folder (`make run`: the data
folder), or a versioned S3 bucket, one object per erasure (`<NAME>_ERASURE_LEDGER` =
`s3://bucket/prefix`). It is only ever added to.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from .errors import ConfigError


class FolderLedger:
    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def record(self, kind: str, key: object) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {"kind": kind, "id": str(key), "on": datetime.now(UTC).date().isoformat()}
        with open(self.folder / f"{kind}.jsonl", "a", encoding="utf-8") as ledger:
            ledger.write(json.dumps(entry) + "\n")
            ledger.flush()
            os.fsync(ledger.fileno())  # on disk before the database commits the erasure

    def keys(self, kind: str) -> list[str]:
        path = self.folder / f"{kind}.jsonl"
        if not path.exists():
            return []
        return [json.loads(line)["id"] for line in path.read_text().splitlines() if line]


class S3Ledger:
    def __init__(self, client, bucket: str, prefix: str):
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/")

    def record(self, kind: str, key: object) -> None:
        on = datetime.now(UTC).date().isoformat()
        self.client.put_object(
            Bucket=self.bucket, Key=f"{self.prefix}/{kind}/{key}", Body=on.encode()
        )

    def keys(self, kind: str) -> list[str]:
        found = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}/{kind}/"
        )
        for page in pages:
            found += [o["Key"].rsplit("/", 1)[1] for o in page.get("Contents", [])]
        return found


def ledger():
    """The running service's ledger (`erasure_ledger` in its config)."""
    from flask import current_app

    config = current_app.extensions["convene_config"]
    return ledger_from(
        config.erasure_ledger, config.crypto.aws_region, config.crypto.aws_endpoint_url
    )


def ledger_from(location: str | None, region: str = "eu-west-1", endpoint_url: str | None = None):
    """`s3://bucket/prefix` or a folder."""
    if not location:
        raise ConfigError("the erasure ledger (<SERVICE>_ERASURE_LEDGER) is not set")
    if location.startswith("s3://"):
        import boto3

        bucket, _, prefix = location.removeprefix("s3://").partition("/")
        client = boto3.client("s3", region_name=region, endpoint_url=endpoint_url)
        return S3Ledger(client, bucket, prefix or "erasures")
    return FolderLedger(location)
