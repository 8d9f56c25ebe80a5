"""Reading settings from the environment: prefixed names, fail fast on missing secrets."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .auth import public_key_of
from .crypto import BlindIndex, Envelope, KMSKeyring, LocalKeyring, ensure_secret_file
from .errors import ConfigError

DEFAULT_DATA_DIR = Path("var")


class Env:
    """Reads `<PREFIX>_<NAME>` first, then the shared `CONVENE_<NAME>`."""

    def __init__(self, prefix: str, environ: Mapping[str, str] | None = None):
        self.prefix = prefix
        self.environ = os.environ if environ is None else environ

    def get(self, name: str, default: str | None = None) -> str | None:
        """The variable's value, else the content of the file `<NAME>_FILE` names (e.g. a
        Docker or Kubernetes secret holding a database URL with its password)."""
        for key in (f"{self.prefix}_{name}", f"CONVENE_{name}"):
            value = self.environ.get(key)
            if value not in (None, ""):
                return value
        if not name.endswith("_FILE"):
            for key in (f"{self.prefix}_{name}_FILE", f"CONVENE_{name}_FILE"):
                mounted = self.environ.get(key)
                if mounted:
                    try:
                        return Path(mounted).read_text().strip()
                    except OSError as exc:
                        raise ConfigError(f"{key} cannot be read") from exc
        return default

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise ConfigError(f"{self.prefix}_{name} (or CONVENE_{name}) must be set")
        return value

    def int(self, name: str, default: int) -> int:
        raw = self.get(name)
        try:
            return default if raw is None else int(raw)
        except ValueError as exc:
            raise ConfigError(f"{self.prefix}_{name} must be a whole number") from exc

    def days(self, name: str) -> dict[str, int]:
        """A JSON object of whole numbers of days, e.g. `{"audit": 730}` ({} if unset)."""
        raw = self.get(name)
        try:
            found = json.loads(raw) if raw else {}
            if not isinstance(found, dict):
                raise ValueError("not an object")
            return {str(k): int(v) for k, v in found.items()}
        except (ValueError, TypeError) as exc:
            raise ConfigError(
                f'{self.prefix}_{name} must be a JSON object of days, e.g. {{"audit": 730}}'
            ) from exc

    def data_dir(self) -> Path:
        return Path(self.get("DATA_DIR", str(DEFAULT_DATA_DIR))).resolve()

    def own(self, name: str) -> str | None:
        """`<PREFIX>_<NAME>`, else the file `<PREFIX>_<NAME>_FILE` names: never the shared
        `CONVENE_` name, so that one part's secret is never another's by accident."""
        value = self.environ.get(f"{self.prefix}_{name}")
        if value:
            return value
        mounted = self.environ.get(f"{self.prefix}_{name}_FILE")
        if not mounted:
            return None
        try:
            return Path(mounted).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"{self.prefix}_{name}_FILE cannot be read") from exc

    def secret(self, name: str, file_name: str) -> str:
        """This part's own secret (`own`), else a key file in the key folder.

        Key files are created only when `CONVENE_GENERATE_KEYS=1` (set by `make run`);
        otherwise a missing secret stops the service at start-up.
        """
        value = self.own(name)  # also from a mounted file, e.g. a Kubernetes secret
        if value:
            return value
        return self.key_file(file_name, f"{self.prefix}_{name} is not set and")

    def key_file(self, file_name: str, problem: str = "") -> str:
        path = self.data_dir() / "keys" / file_name
        if not path.exists() and self.environ.get("CONVENE_GENERATE_KEYS") != "1":
            raise ConfigError(f"{problem} {path} does not exist".strip())
        return ensure_secret_file(path).hex()

    def public_key(self, issuer: str) -> str:
        """An issuer's public key: `<PREFIX>_<ISSUER>_PUBLIC_KEY` or the shared
        `CONVENE_<ISSUER>_PUBLIC_KEY` (public keys are not secret), else, on one machine,
        the `<issuer>-signing.pub` file beside the issuer's key (`make run`)."""
        value = self.get(f"{issuer.upper()}_PUBLIC_KEY")
        if value:
            return value
        public_file = self.data_dir() / "keys" / f"{issuer}-signing.pub"
        if public_file.exists():
            return public_file.read_bytes().hex()
        return signing_pair(self, issuer)[1]


def signing_pair(env: Env, part: str) -> tuple[str, str]:
    """`(private, public)` hex keys of a part from the key folder of one machine (`make
    run`). The public half is written beside the key, so that audiences read only it."""
    private = env.key_file(f"{part}-signing.key", f"the {part} signing key is not set and")
    public = public_key_of(private)
    public_file = env.data_dir() / "keys" / f"{part}-signing.pub"
    if not public_file.exists() or public_file.read_bytes().hex() != public:
        public_file.write_bytes(bytes.fromhex(public))
    return private, public


@dataclass(frozen=True)
class TokenKeys:
    """This part's private signing key ("" when it calls no other part) and the public
    keys of the parts whose tokens it accepts."""

    signing_key: str
    issuer_keys: Mapping[str, str]

    @classmethod
    def from_env(cls, env: Env, part: str, accepts: tuple[str, ...], signs: bool) -> TokenKeys:
        signing_key = ""
        if signs:
            signing_key = env.own("SIGNING_KEY") or signing_pair(env, part)[0]
        return cls(signing_key, {issuer: env.public_key(issuer) for issuer in accepts})


def default_ledger(env: Env) -> str:
    """The erasure ledger: in the bucket when there is one, else in the data folder."""
    bucket = env.get("S3_BUCKET")
    return f"s3://{bucket}/erasures" if bucket else str(env.data_dir() / "erasures")


@dataclass(frozen=True)
class CryptoConfig:
    """Which keyring wraps data keys, and the blind-index key (kept apart from it)."""

    keyring: str
    key_dir: Path
    blind_index_key: bytes
    kms_key_id: str | None = None
    aws_region: str = "eu-west-1"
    aws_endpoint_url: str | None = None

    @classmethod
    def from_env(cls, env: Env, service: str) -> CryptoConfig:
        # Production wraps data keys with KMS unless told otherwise; `make run` keeps key files.
        production = env.environ.get("CONVENE_ENV") == "production"
        backend = env.get("KEYRING", "kms" if production else "local")
        if backend not in ("local", "kms"):
            raise ConfigError(f"{env.prefix}_KEYRING must be 'local' or 'kms'")
        key_dir = Path(env.get("KEY_DIR", str(env.data_dir() / "keys" / service)))
        kms_key_id = env.get("KMS_KEY_ID")
        if backend == "kms" and not kms_key_id:
            raise ConfigError(f"{env.prefix}_KMS_KEY_ID must be set when the keyring is kms")
        if backend == "local" and not any(key_dir.glob("kek-*.key")):
            if env.environ.get("CONVENE_GENERATE_KEYS") != "1":
                raise ConfigError(f"no key-encryption key in {key_dir}")
            LocalKeyring.add_key(key_dir)
        return cls(
            keyring=backend,
            key_dir=key_dir,
            blind_index_key=bytes.fromhex(env.secret("BLIND_INDEX_KEY", f"{service}-index.key")),
            kms_key_id=kms_key_id,
            aws_region=env.get("AWS_REGION", "eu-west-1"),
            aws_endpoint_url=env.get("AWS_ENDPOINT_URL"),
        )

    def build(self) -> tuple[Envelope, BlindIndex]:
        if self.keyring == "kms":
            keyring = KMSKeyring.from_config(
                self.kms_key_id, self.aws_region, self.aws_endpoint_url
            )
        else:
            keyring = LocalKeyring.from_dir(self.key_dir)
        index = BlindIndex(self.blind_index_key)
        if not index.differs_from(keyring.key_material()):
            raise ConfigError("the blind-index key must differ from every encryption key")
        return Envelope(keyring), index
