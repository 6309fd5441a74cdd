"""Sign a model folder: write signature.json (sha256 of every file the app reads, Ed25519 over
that list). The private key never enters the repository; pass its path.

    python -m training.sign --new-key ~/keys/release.pem     # once; prints the public key to trust
    python -m training.sign --key ~/keys/release.pem assets/models/<id> [...]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inference.signing import FORMAT, SIGNATURE_FILE, key_id, signed_bytes


def new_key(path: Path) -> str:
    """Write a new private key (mode 0600) and return its public key as hex."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return public_hex(key)


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def load_key(path: str | Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def sign_folder(folder: Path, key: Ed25519PrivateKey) -> Path:
    """Index every regular file at the folder's top level (report/ is evidence, not read by the app)."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != SIGNATURE_FILE
    }
    pub = bytes.fromhex(public_hex(key))
    index = {"format": FORMAT, "version": 1, "model_id": manifest["id"], "key_id": key_id(pub), "files": files}
    index["signature"] = base64.b64encode(key.sign(signed_bytes(index))).decode()
    out = folder / SIGNATURE_FILE
    out.write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser("python -m training.sign")
    p.add_argument("--new-key", help="create a private key at this path and print its public key")
    p.add_argument("--key", help="private key (PEM) to sign with")
    p.add_argument("folders", nargs="*")
    args = p.parse_args(argv)
    if args.new_key:
        print(new_key(Path(args.new_key)))
        return 0
    if not args.key or not args.folders:
        p.error("--key and at least one model folder are needed")
    key = load_key(args.key)
    for f in args.folders:
        print(sign_folder(Path(f), key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
