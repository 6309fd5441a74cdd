"""Signed model indexes: `signature.json` in a model folder lists the sha256 of every file the app
reads (the manifest included) and carries an Ed25519 signature over that list. A model is used
only when the signature is by a trusted key and every listed file matches.

Trusted keys: the app's own (`assets/keys/*.pub`), an administrator's (`<user data>/keys/*.pub`),
and the folder in DERMATRIAGE_TRUSTED_KEYS (scripts and tests). A .pub file holds the 32-byte
public key as 64 hex digits."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from inference import ed25519
from inference.errors import ModelError
from inference.jsongate import first_error, strict_loads
from inference.model_schema import FILE_NAME, MODEL_ID
from inference.paths import user_data_dir

SIGNATURE_FILE = "signature.json"
FORMAT = "dermatriage-model-signature"
INDEX_SCHEMA = {
    "type": "object",
    "required": ["format", "version", "model_id", "key_id", "files", "signature"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": 1},
        "model_id": {"type": "string", "pattern": MODEL_ID},
        "key_id": {"type": "string", "pattern": r"^[0-9a-f]{16}$"},
        "files": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 64,
            "propertyNames": {"pattern": FILE_NAME},
            "additionalProperties": {"type": "string", "pattern": r"^[0-9a-f]{64}$"},
        },
        "signature": {"type": "string", "maxLength": 200},
    },
}


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


def signed_bytes(index: dict) -> bytes:
    """What the signature covers: the index without its signature, canonical JSON."""
    body = {k: v for k, v in index.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def key_folders() -> list[Path]:
    here = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    folders = [here / "assets" / "keys", user_data_dir() / "keys"]
    env = os.environ.get("DERMATRIAGE_TRUSTED_KEYS")
    if env:
        folders.append(Path(env))
    return folders


def _open_to_others(path: Path) -> bool:
    """A folder or key file that another user could write (or a link to one): a key planted there
    would be trusted, so nothing in it is."""
    import stat

    if os.name == "nt":
        return False
    try:
        st = os.lstat(path)
    except OSError:
        return True
    return stat.S_ISLNK(st.st_mode) or bool(st.st_mode & 0o022)


def trusted_keys() -> dict[str, bytes]:
    keys = {}
    for folder in key_folders():
        if not folder.is_dir() or _open_to_others(folder):
            continue
        for f in sorted(folder.glob("*.pub")):
            if _open_to_others(f):
                continue
            try:
                raw = binascii.unhexlify(f.read_text(encoding="ascii").strip())
            except (OSError, ValueError, UnicodeDecodeError):
                continue
            if len(raw) == 32:
                keys[key_id(raw)] = raw
    return keys


@dataclass(frozen=True)
class SignedIndex:
    model_id: str
    key_id: str
    files: dict[str, str]  # file name -> sha256


def read_index(folder: Path, keys: dict[str, bytes] | None = None) -> SignedIndex:
    """Parse and verify `signature.json`; raise ModelError naming the model folder and the reason."""
    name = folder.name
    try:
        raw = (folder / SIGNATURE_FILE).read_bytes()
    except FileNotFoundError:
        raise ModelError(f"Model '{name}' is not signed (no {SIGNATURE_FILE}); it will not be used.") from None
    except OSError as e:
        raise ModelError(f"Model '{name}': its signature cannot be read ({e.strerror}).") from None
    try:
        index = strict_loads(raw[:1_000_000])
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ModelError(f"Model '{name}': its signature file is not valid JSON; it will not be used.") from None
    return check_signature(index, name, keys)


def check_signature(index: object, name: str, keys: dict[str, bytes] | None = None) -> SignedIndex:
    """A parsed signature index: its shape, a trusted key, a valid signature, manifest.json covered."""
    problem = first_error(index, INDEX_SCHEMA)
    if problem:
        raise ModelError(f"Model '{name}': its signature file is malformed ({problem}).")
    keys = trusted_keys() if keys is None else keys
    pub = keys.get(index["key_id"])
    if pub is None:
        raise ModelError(
            f"Model '{name}' is signed by a key this installation does not trust ({index['key_id']}); "
            "it will not be used. An administrator can add the publisher's key."
        )
    try:
        sig = base64.b64decode(index["signature"], validate=True)
    except (binascii.Error, ValueError):
        sig = b""
    if not ed25519.verify(pub, signed_bytes(index), sig):
        raise ModelError(f"Model '{name}': its signature is not valid (the package was altered); it will not be used.")
    if "manifest.json" not in index["files"]:
        raise ModelError(f"Model '{name}': its signature does not cover manifest.json.")
    return SignedIndex(index["model_id"], index["key_id"], dict(index["files"]))
