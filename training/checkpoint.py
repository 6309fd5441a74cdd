"""Checkpoints a run can be resumed from exactly: weights, EMA, optimiser, scheduler, where in the
epoch the sampler is, and every random generator's state. Written atomically (a half-written file
never replaces a good one), every few minutes and when the process is asked to stop (SIGTERM)."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import numpy as np
import torch


def rng_state() -> dict:
    return {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}


def set_rng_state(state: dict) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])


def save_atomic(obj: dict, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class StopClock:
    """Says when a checkpoint is due: every `minutes` (0: never by time), after `stop_after_steps`
    training steps of this process (tests cut a run there), or once SIGTERM / SIGINT arrived."""

    def __init__(self, minutes: float = 10.0, stop_after_steps: int | None = None):
        self.period = minutes * 60.0
        self.last = time.monotonic()
        self.stop_after = stop_after_steps
        self.steps = 0
        self.stop_requested = False
        self._old = {}

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                self._old[sig] = signal.signal(sig, self._on_signal)
            except ValueError:  # not the main thread (a test calling main() from a thread)
                pass

    def uninstall(self) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()

    def _on_signal(self, signum, frame) -> None:
        self.stop_requested = True

    def step(self) -> tuple[bool, bool]:
        """After one training step: (save now, then stop)."""
        self.steps += 1
        if self.stop_after is not None and self.steps >= self.stop_after:
            self.stop_requested = True
        if self.stop_requested:
            return True, True
        if self.period > 0 and time.monotonic() - self.last >= self.period:
            self.last = time.monotonic()
            return True, False
        return False, False
