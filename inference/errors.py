"""Errors whose messages are written for the person at the keyboard, not for a developer."""

from __future__ import annotations


class DermaTriageError(Exception):
    """Base class; str(err) is a sentence a nurse can act on."""


class ImageLoadError(DermaTriageError):
    pass


class ModelError(DermaTriageError):
    pass
