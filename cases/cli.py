"""Case commands of dermatriage-cli (export, import)."""

from __future__ import annotations


def add_case_commands(sub) -> None:
    """Filled in by the case store; kept separate so inference/cli.py stays small."""
