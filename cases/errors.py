"""The store's errors: what went wrong decides what the user is told to do."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path


class StoreError(Exception):
    pass


class StoreCorruptError(StoreError):
    """The database file itself is damaged: restoring a snapshot is the right advice."""

    def __init__(self, message: str, snapshots: list[Path]):
        super().__init__(message)
        self.snapshots = snapshots


class StoreUnavailableError(StoreError):
    """The disk is full, read-only or not permitted: nothing is damaged, do not restore anything.
    `reason` is 'full', 'readonly' or 'denied'."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


FULL_ADVICE = "Nothing was lost or damaged, and no snapshot needs restoring: the last change was not saved. "


_FULL = ("The disk holding the case store{place} is full while {doing}. ", "Free some space, then try again.", "full")
_READ_ONLY = (
    "The case store{place} is on a read-only disk while {doing}. ",
    "Make the disk writable or choose another folder (DERMATRIAGE_HOME).",
    "readonly",
)
_DENIED = (
    "DermaTriage may not write to the case store{place} while {doing}. ",
    "Check the folder's permissions.",
    "denied",
)
# errno -> (what happened, what to do, StoreUnavailableError.reason)
_UNAVAILABLE = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: _FULL,
    errno.EROFS: _READ_ONLY,
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
}


def os_error(e: OSError, doing: str, where: Path | None = None) -> StoreError:
    """A disk that is full, read-only or forbidden is not a damaged store: say which, and what to do."""
    if e.errno in _UNAVAILABLE:
        what, advice, reason = _UNAVAILABLE[e.errno]
        place = f" ({where})" if where else ""
        return StoreUnavailableError(what.format(place=place, doing=doing) + FULL_ADVICE + advice, reason)
    return StoreError(f"A disk error while {doing}: {e.strerror or e}.")


def _disk_state(where: Path) -> int | None:
    """ENOSPC or EROFS when the disk under `where` is full or mounted read-only, else None."""
    p = Path(where)
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        st = os.statvfs(p)
    except OSError:
        return None
    if st.f_flag & os.ST_RDONLY:
        return errno.EROFS
    if st.f_bavail * st.f_frsize < 256 * 1024:
        return errno.ENOSPC
    return None


def sqlite_error(e: sqlite3.Error, doing: str, where: Path | None = None) -> StoreError:
    code = (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == 13:  # SQLITE_FULL
        return os_error(OSError(errno.ENOSPC, "disk full"), doing, where)
    if code == 8:  # SQLITE_READONLY
        return os_error(OSError(errno.EROFS, "read-only"), doing, where)
    if code in (3, 23):  # SQLITE_PERM, SQLITE_AUTH
        return os_error(OSError(errno.EACCES, "permission denied"), doing, where)
    if code in (10, 14) and where is not None:  # SQLITE_IOERR, SQLITE_CANTOPEN: look at the disk itself
        cause = _disk_state(where)
        if cause is not None:
            return os_error(OSError(cause, os.strerror(cause)), doing, where)
    if code in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return StoreCorruptError(f"The case database is damaged ({e}). Restore a snapshot.", [])
    return StoreError(f"The case database could not finish {doing} ({e}).")
