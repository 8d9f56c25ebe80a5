"""Key files: fresh random keys, written readable by their owner only, never overwritten."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_BYTES = 32


def new_key(size: int = KEY_BYTES) -> bytes:
    """A fresh random key (from the operating system's CSPRNG)."""
    return secrets.token_bytes(size)


def write_secret_file(path: Path, data: bytes) -> None:
    """Create a file readable by its owner only; never overwrite an existing key."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def ensure_secret_file(path: Path | str, size: int = KEY_BYTES) -> bytes:
    """Read a key file, generating it (mode 0600) on first use."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        write_secret_file(path, new_key(size))
    return path.read_bytes()
