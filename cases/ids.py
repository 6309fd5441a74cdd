"""Ids that may become parts of paths, and the check that a built path stays inside its root."""

from __future__ import annotations

import re
from pathlib import Path

from cases.errors import StoreError

ID_PATTERN = r"^[0-9a-f]{32}$"  # uuid4().hex, what new_id() makes
SHA256_PATTERN = r"^[0-9a-f]{64}$"
_ID = re.compile(ID_PATTERN)


def is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def check_id(value: object, what: str = "case id") -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise StoreError(f"Refused: {what} {str(value)[:80]!r} is not a DermaTriage id (32 hex digits).")
    return value


def inside(root: Path, *parts: str) -> Path:
    """root/parts..., refused unless the result (symlinks resolved) stays inside root."""
    root_r = Path(root).resolve()
    p = root_r.joinpath(*parts).resolve()
    if p != root_r and root_r not in p.parents:
        raise StoreError(f"Refused: a path built from {'/'.join(parts)[:80]!r} would leave {root}.")
    return p
