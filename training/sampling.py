"""The order photos are drawn in: one fixed permutation (or weighted draw) per epoch, from the run's
seed and the epoch number alone, so a run resumed in the middle of an epoch draws exactly the photos
an uncut run would have drawn next."""

from __future__ import annotations

from collections import Counter

import numpy as np
import torch
from torch.utils.data import Sampler


def source_shares(sources: list[str], power: float) -> dict[str, float]:
    """Share of an epoch's draws per source: proportional to n_s ** (1 - power). power 0 keeps the
    natural mix, 1 gives every source an equal share, 0.5 lets a small source count more."""
    counts = Counter(sources)
    raw = {s: n ** (1.0 - power) for s, n in counts.items()}
    total = sum(raw.values())
    return {s: v / total for s, v in raw.items()}


def source_weights(sources: list[str], power: float) -> np.ndarray:
    """A draw weight per photo such that each source takes its `source_shares` of an epoch."""
    shares = source_shares(sources, power)
    counts = Counter(sources)
    return np.array([shares[s] / counts[s] for s in sources], dtype=np.float64)


class EpochSampler(Sampler[int]):
    """Indices of one epoch: a permutation, or with `weights` len(weights) draws with replacement.
    `start(epoch, skip)` sets the epoch and drops its first `skip` indices (a resume)."""

    def __init__(self, n: int, seed: int, weights=None):
        self.n, self.seed = n, seed
        self.weights = None if weights is None else torch.as_tensor(np.asarray(weights), dtype=torch.float64)
        self.epoch, self.skip = 0, 0

    def start(self, epoch: int, skip: int = 0) -> None:
        self.epoch, self.skip = epoch, skip

    def indices(self, epoch: int) -> list[int]:
        g = torch.Generator().manual_seed(self.seed * 100_003 + epoch)
        if self.weights is None:
            return torch.randperm(self.n, generator=g).tolist()
        return torch.multinomial(self.weights, self.n, replacement=True, generator=g).tolist()

    def __iter__(self):
        return iter(self.indices(self.epoch)[self.skip :])

    def __len__(self) -> int:
        return self.n - self.skip


def draws_per_source(sampler: EpochSampler, sources: list[str], epoch: int = 0) -> dict[str, int]:
    """How many draws each source gets in one epoch (logged at the start of a run)."""
    return dict(Counter(np.asarray(sources)[sampler.indices(epoch)].tolist()))
