"""Who can open what a case holds. A reprisal report's parts are sealed to the desk's
keys (and messages also to the reporter's key); a grievance's use the service's
envelope encryption. Either way the associated data names table, column and row."""

from __future__ import annotations

import uuid

from flask import current_app

from services.common.crypto import DecryptionError, associated_data, sealing

from . import desk
from .models import Case


def _envelope():
    return current_app.extensions["convene_envelope"]


def seal(case: Case, table: str, column: str, row_id, data: bytes, reporter: bool = False):
    aad = associated_data(table, column, row_id)
    if not case.sealed:
        return _envelope().seal(data, aad)
    recipients = desk.recipients()
    if reporter:
        recipients.append(sealing.Recipient(case.id, case.reporter_public_key))
    return sealing.seal(data, recipients, aad)


def open_for_staff(case: Case, table, column, row_id, blob, keys: dict[uuid.UUID, bytes]):
    aad = associated_data(table, column, row_id)
    if not case.sealed:
        return _envelope().open_bytes(blob, aad)
    for key_id, private in keys.items():
        try:
            return sealing.unseal(blob, key_id, private, aad)
        except DecryptionError:
            continue
    raise desk.Locked("None of the unlocked desk keys opens this report.")


def open_for_reporter(case: Case, table, column, row_id, blob, private: bytes) -> bytes:
    aad = associated_data(table, column, row_id)
    if not case.sealed:
        return _envelope().open_bytes(blob, aad)
    return sealing.unseal(blob, case.id, private, aad)
