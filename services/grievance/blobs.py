"""Where sealed evidence lives: in its database row (the default) or in a private S3
bucket (`GRIEVANCE_S3_BUCKET`). Only ciphertext is ever stored either way: the value is
sealed before it leaves the service, so S3 holds nothing a reader of the bucket can open."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from flask import current_app

PREFIX = "grievance/evidence/"


class DatabaseBlobs:
    def put(self, item, blob: bytes) -> None:
        item.content_enc = blob

    def get(self, item) -> bytes:
        return item.content_enc

    def delete(self, ids: Iterable[uuid.UUID]) -> None:
        return None  # the rows take their content with them


class S3Blobs:
    """One private object per file, keyed by the evidence's random id (nothing else)."""

    def __init__(self, client, bucket: str, kms_key_id: str | None = None):
        self.client, self.bucket, self.kms_key_id = client, bucket, kms_key_id

    @classmethod
    def from_config(cls, config) -> S3Blobs:
        import boto3

        client = boto3.client(
            "s3", region_name=config.crypto.aws_region, endpoint_url=config.crypto.aws_endpoint_url
        )
        return cls(client, config.s3_bucket, config.crypto.kms_key_id)

    @staticmethod
    def key(evidence_id: uuid.UUID) -> str:
        return f"{PREFIX}{evidence_id}"

    def put(self, item, blob: bytes) -> None:
        extra = {"ServerSideEncryption": "aws:kms"}
        if self.kms_key_id:
            extra["SSEKMSKeyId"] = self.kms_key_id
        self.client.put_object(Bucket=self.bucket, Key=self.key(item.id), Body=blob, **extra)
        item.content_enc = None

    def get(self, item) -> bytes:
        if item.content_enc is not None:  # stored before the bucket was configured
            return item.content_enc
        return self.client.get_object(Bucket=self.bucket, Key=self.key(item.id))["Body"].read()

    def delete(self, ids: Iterable[uuid.UUID]) -> None:
        keys = [{"Key": self.key(i)} for i in ids]
        for start in range(0, len(keys), 1000):  # S3's limit per request
            answer = self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": keys[start : start + 1000], "Quiet": True}
            )
            if answer.get("Errors"):
                raise RuntimeError(f"{len(answer['Errors'])} evidence objects were not deleted")


def from_config(config) -> DatabaseBlobs | S3Blobs:
    """The store `create_app` keeps for the application's lifetime."""
    return S3Blobs.from_config(config) if config.s3_bucket else DatabaseBlobs()


def store() -> DatabaseBlobs | S3Blobs:
    return current_app.extensions["grievance_blobs"]
