"""Errors whose messages are written for the person at the keyboard, not for a developer."""

from __future__ import annotations


class DermaTriageError(Exception):
    """Base class; str(err) is a sentence a nurse can act on."""


class ImageLoadError(DermaTriageError):
    pass


class ModelError(DermaTriageError):
    pass


class UsageError(Exception):
    """A command line asked for something it cannot do (exit status 1). Defined here, not in the CLI
    module: run as `python -m` a command module is __main__, and an exception class defined
    there is another class than the one the commands import."""
