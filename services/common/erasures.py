"""The erasure ledger: which records were erased, kept apart from the database.

A backup restored from before an erasure brings the erased person back. Each erasure is
therefore also written here — the record's random id and the date, nothing personal —
and `flask --app services.<name> erasures reapply` erases them again after a restore.

The ledger lives where database restores do not reach: a folder (`make run`: the data
folder), or a versioned S3 bucket, one object per erasure (`<NAME>_ERASURE_LEDGER` =
`s3://bucket/prefix`). It is only ever added to.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path


class FolderLedger:
    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def record(self, kind: str, record_id: uuid.UUID) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {"kind": kind, "id": str(record_id), "on": datetime.now(UTC).date().isoformat()}
        with open(self.folder / f"{kind}.jsonl", "a", encoding="utf-8") as ledger:
            ledger.write(json.dumps(entry) + "\n")
            ledger.flush()
            os.fsync(ledger.fileno())  # on disk before the database commits the erasure

    def ids(self, kind: str) -> list[uuid.UUID]:
        path = self.folder / f"{kind}.jsonl"
        if not path.exists():
            return []
        return [uuid.UUID(json.loads(line)["id"]) for line in path.read_text().splitlines() if line]


class S3Ledger:
    def __init__(self, client, bucket: str, prefix: str):
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/")

    def record(self, kind: str, record_id: uuid.UUID) -> None:
        on = datetime.now(UTC).date().isoformat()
        self.client.put_object(
            Bucket=self.bucket, Key=f"{self.prefix}/{kind}/{record_id}", Body=on.encode()
        )

    def ids(self, kind: str) -> list[uuid.UUID]:
        found = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}/{kind}/"
        )
        for page in pages:
            found += [uuid.UUID(o["Key"].rsplit("/", 1)[1]) for o in page.get("Contents", [])]
        return found


def ledger_from(location: str, region: str = "eu-west-1", endpoint_url: str | None = None):
    """`s3://bucket/prefix` or a folder."""
    if location.startswith("s3://"):
        import boto3

        bucket, _, prefix = location.removeprefix("s3://").partition("/")
        client = boto3.client("s3", region_name=region, endpoint_url=endpoint_url)
        return S3Ledger(client, bucket, prefix or "erasures")
    return FolderLedger(location)
