"""The command line's progress bar on stderr (every command that walks many photos)."""

from __future__ import annotations

import sys


def progress(i: int, n: int, name: str) -> None:
    """Draw step i of n; off a terminal, only every tenth step and the last."""
    if not sys.stderr.isatty() and i not in (n,) and i % 10:
        return
    width = 30
    done = int(width * i / max(n, 1))
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {name[:40]:<40}")
    if i == n:
        sys.stderr.write("\n")
    sys.stderr.flush()
