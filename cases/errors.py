"""The store's errors: what went wrong decides what the user is told to do."""

from __future__ import annotations

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
