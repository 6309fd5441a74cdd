"""Signed reviews: who wrote a review is proven by an Ed25519 signature (PyNaCl, libsodium), never
assumed from the server or account it came from.

A dermatologist creates a signing key once (`dermatriage-cli reviewer init --name NAME`), gives the
public half to the clinics (`reviewer export`), and each clinic trusts it (`reviewer trust FILE`, or
Settings). Every review sent carries a signature over (case id, diagnosis, confirmation, notes,
author, time). A clinic's inbox applies only reviews signed by a trusted reviewer; any other is
"unverified: not applied" and changes nothing (exchange/inbox.py, cases/reviews.py)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cases.store import now

REVIEW_FORMAT = "dermatriage-review-1"
PUBLIC_FORMAT = "dermatriage-reviewer-1"
KEY_FOLDER = "reviewer"  # under the data folder: signing.key (0600) and name.txt, folder 0700
SIGNED_FIELDS = ("format", "case_id", "diagnosis", "confirm_type", "notes", "author", "signed_at", "public_key")
MAX_NOTES = 10_000


class ReviewError(Exception):
    """A reviewer key or a review that cannot be used; the message says why, for a person."""


def _signing():
    """PyNaCl's signing module. The installer leaves PyNaCl out until room is made for it (it is at
    its 250 MB limit): there reviews are verified with the same Ed25519 check that verifies the
    signed models (inference/ed25519.py), and signing says it needs the full installation."""
    try:
        import nacl.signing

        return nacl.signing
    except ImportError:
        return None


def _need_signing():
    signing = _signing()
    if signing is None:
        raise ReviewError("this installation cannot sign reviews (PyNaCl is not installed here)")
    return signing


@dataclass(frozen=True)
class Reviewer:
    name: str
    public_key: str  # hex

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def fingerprint(public_key_hex: str) -> str:
    """16 hex digits in groups of 4: what two people read to each other to compare keys."""
    h = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16]
    return " ".join(h[i : i + 4] for i in range(0, 16, 4))


def _folder(home: Path) -> Path:
    return Path(home) / KEY_FOLDER


def init(home: Path, name: str) -> Reviewer:
    """Create this installation's reviewer key; refuses to replace an existing one."""
    name = " ".join(str(name).split())
    if not name or len(name) > 200:
        raise ReviewError("a reviewer needs a name of 1 to 200 characters")
    folder = _folder(home)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    key_path = folder / "signing.key"
    if key_path.exists():
        raise ReviewError(f"a reviewer key already exists in {folder}; it was kept")
    key = _need_signing().SigningKey.generate()
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(bytes(key))
    fd = os.open(folder / "name.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(name)
    return Reviewer(name, key.verify_key.encode().hex())


def load(home: Path) -> tuple[object, Reviewer] | None:
    """This installation's reviewer key, or None when it has none. A key file readable by others, or
    in a folder others can write, is refused (somebody could have planted or copied it)."""
    folder = _folder(home)
    key_path = folder / "signing.key"
    if not key_path.exists():
        return None
    for p in (folder, key_path):
        st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode) or st.st_mode & 0o077:
            raise ReviewError(f"{p} is open to other users (or a link); the reviewer key is not used")
    raw = key_path.read_bytes()
    if len(raw) != 32:
        raise ReviewError(f"{key_path} is not a reviewer key")
    key = _need_signing().SigningKey(raw)
    name = (folder / "name.txt").read_text(encoding="utf-8").strip() or "reviewer"
    return key, Reviewer(name, key.verify_key.encode().hex())


def public_document(reviewer: Reviewer) -> dict:
    return {"format": PUBLIC_FORMAT, "name": reviewer.name, "public_key": reviewer.public_key}


def read_public(path: Path) -> Reviewer:
    """A reviewer's exported public key (`reviewer export`), checked."""
    try:
        data = Path(path).read_bytes()
        if len(data) > 10_000:
            raise ReviewError(f"{path} is too large to be a reviewer's key")
        doc = json.loads(data)
    except (OSError, ValueError) as e:
        raise ReviewError(f"{path} could not be read as a reviewer's key ({type(e).__name__})") from e
    if not isinstance(doc, dict) or doc.get("format") != PUBLIC_FORMAT:
        raise ReviewError(f"{path} is not a DermaTriage reviewer key")
    name, pub = doc.get("name"), doc.get("public_key")
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 200:
        raise ReviewError("the reviewer key carries no usable name")
    if not isinstance(pub, str) or len(pub) != 64 or any(c not in "0123456789abcdef" for c in pub):
        raise ReviewError("the reviewer key is not a 32-byte Ed25519 public key")
    return Reviewer(" ".join(name.split()), pub)


def _signed_bytes(review: dict) -> bytes:
    return json.dumps({k: review.get(k) for k in SIGNED_FIELDS}, sort_keys=True, ensure_ascii=False).encode()


def sign(home: Path, case: dict) -> dict | None:
    """The signed review of a case's annotation, when this installation has a reviewer key and the
    case has a diagnosis; None otherwise (a clinic sending its own case signs nothing)."""
    ann = case.get("annotation") or {}
    loaded = load(home)
    if loaded is None or not ann.get("diagnosis"):
        return None
    key, me = loaded
    review = {
        "format": REVIEW_FORMAT,
        "case_id": case["id"],
        "diagnosis": ann.get("diagnosis"),
        "confirm_type": ann.get("confirm_type") or "",
        "notes": (ann.get("notes") or "")[:MAX_NOTES],
        "author": me.name,
        "signed_at": ann.get("updated_at") or now(),
        "public_key": me.public_key,
    }
    review["signature"] = key.sign(_signed_bytes(review)).signature.hex()
    return review


def verify(review: object, case_id: str, trusted: dict[str, object]) -> tuple[dict | None, object | None, str]:
    """(review, trusted reviewer, '') when the review is signed by a key in `trusted` (public key hex ->
    the store's TrustedReviewer) and is about `case_id`; else (None, None, why it is not applied)."""
    if not isinstance(review, dict) or review.get("format") != REVIEW_FORMAT:
        return None, None, "unsigned"
    if not all(isinstance(review.get(k), str) for k in (*SIGNED_FIELDS, "signature")):
        return None, None, "a malformed signature"
    if review["case_id"] != case_id:
        return None, None, "signed for another case"
    who = trusted.get(review["public_key"])
    if who is None:
        return None, None, f"signed by a key this clinic does not trust ({fingerprint_or_bad(review['public_key'])})"
    try:
        ok = _verified(bytes.fromhex(review["public_key"]), _signed_bytes(review), bytes.fromhex(review["signature"]))
    except ValueError:
        ok = False
    if not ok:
        return None, None, "a signature that does not match its content"
    return review, who, ""


def _verified(public_key: bytes, message: bytes, signature: bytes) -> bool:
    signing = _signing()
    if signing is None:  # the installer: the models' own Ed25519 check
        from inference import ed25519

        return ed25519.verify(public_key, message, signature)
    import nacl.exceptions

    try:
        signing.VerifyKey(public_key).verify(message, signature)
        return True
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, ValueError):
        return False


def fingerprint_or_bad(pub: str) -> str:
    try:
        return fingerprint(pub) if len(pub) == 64 else "not a key"
    except ValueError:
        return "not a key"
