"""`services/common/crypto/` is the only place in the services that touches primitives
(issue 16, path 6): no other module imports `cryptography`, `hmac` or a keyed use of
`hashlib`. Unkeyed digests of content that is not secret are allowed, one by one, below."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ROOT / "services"
CRYPTO = SERVICES / "common" / "crypto"
FORBIDDEN_MODULES = ("cryptography", "hmac", "Crypto", "nacl", "jwcrypto")
# hashlib outside the crypto package: (module, function) for digests of non-secret content.
ALLOWED_HASHLIB = {
    # the selection's published input digest: anyone may recompute it from the inputs
    ("services/registration/selection/inputs.py", "sha256"),
    # the draw's seed commitment, published before the seed is revealed
    ("services/registration/selection/draw.py", "sha256"),
}


def findings(source: str, name: str) -> list[str]:
    """What in one module's source breaks the promise."""
    found = []
    hashlib_names = {"hashlib"}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in FORBIDDEN_MODULES:
                    found.append(f"{name}:{node.lineno} imports {alias.name}")
                if alias.name == "hashlib":
                    hashlib_names.add(alias.asname or "hashlib")
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top in FORBIDDEN_MODULES:
                found.append(f"{name}:{node.lineno} imports from {node.module}")
            if top == "hashlib":
                found.append(f"{name}:{node.lineno} imports from hashlib (use hashlib.<name>)")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in hashlib_names
            and (name, node.attr) not in ALLOWED_HASHLIB
        ):
            found.append(f"{name}:{node.lineno} uses hashlib.{node.attr}")
    return found


def test_no_module_outside_the_crypto_package_touches_a_primitive():
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        if CRYPTO in path.parents:
            continue
        name = path.relative_to(ROOT).as_posix()
        found += findings(path.read_text(encoding="utf-8"), name)
    assert found == [], "\n".join(found)


def test_the_allowed_digests_are_still_where_they_are_listed():
    for name, function in ALLOWED_HASHLIB:
        assert f"hashlib.{function}(" in (ROOT / name).read_text(encoding="utf-8"), name


def test_the_check_finds_each_kind_of_breach():
    breaches = {
        "import hmac": 1,
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM": 1,
        "import cryptography.hazmat.primitives.kdf.scrypt as s": 1,
        "import hashlib\nhashlib.scrypt(b'x', salt=b'y', n=2, r=1, p=1)": 1,
        "import hashlib as h\nh.pbkdf2_hmac('sha256', b'x', b'y', 1)": 1,
        "from hashlib import sha256": 1,
        "import hashlib\nhashlib.sha256(b'content')": 1,  # allowed only where listed
        "import secrets\nsecrets.token_urlsafe(16)": 0,
    }
    for source, count in breaches.items():
        assert len(findings(source, "services/example.py")) == count, source
    allowed = "import hashlib\nhashlib.sha256(b'x')"
    assert findings(allowed, "services/registration/selection/draw.py") == []
