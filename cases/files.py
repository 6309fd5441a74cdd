"""Durable file writes and the content-addressed image folder."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

from cases.ids import SHA256_PATTERN

_DIGEST = re.compile(SHA256_PATTERN)


def atomic_write(path: Path, data: bytes) -> None:
    """temp file in the same folder, fsync, rename, fsync the folder: all or nothing.
    A path that exists and is not a regular file (/dev/null, a pipe, a terminal) is written to
    in place: renaming over it would replace a device with a file (it did, to /dev/null, as root)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a folder", str(path))
        with open(path, "wb") as f:
            f.write(data)
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)  # 0600, never a link
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Files stored once under their sha256: blobs/ab/abcdef....png"""

    def __init__(self, root: Path):
        self.root = root

    def path(self, digest: str, suffix: str = ".png") -> Path:
        if not _DIGEST.fullmatch(digest):
            raise ValueError(f"not a sha256 digest: {digest[:80]!r}")
        return self.root / digest[:2] / f"{digest}{suffix}"

    def put_file(self, src: Path, digest: str) -> bool:
        """Move an already hashed file in; True if it was not stored before."""
        p = self.path(digest)
        if p.exists() and p.stat().st_size == src.stat().st_size:
            return False
        p.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(src, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(src, 0o600)  # a photo from the inbox or a bundle: as private as the app's own
        os.replace(src, p)
        fsync_dir(p.parent)
        return True

    def put(self, data: bytes, suffix: str = ".png") -> str:
        digest = sha256(data)
        p = self.path(digest, suffix)
        if not p.exists() or p.stat().st_size != len(data):
            atomic_write(p, data)
        return digest

    def get(self, digest: str, suffix: str = ".png") -> bytes:
        data = self.path(digest, suffix).read_bytes()
        if sha256(data) != digest:
            raise OSError(f"stored file {digest[:12]} is damaged (fingerprint mismatch)")
        return data
