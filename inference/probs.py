"""Calibrated probabilities, top-k, malignant probability, and the ensemble."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inference.classes import CLASS_KEYS, MALIGNANT


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64) / float(temperature)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def malignant_probability(probs: np.ndarray, keys=CLASS_KEYS) -> float:
    return float(sum(probs[i] for i, k in enumerate(keys) if k in MALIGNANT))


def top_k(probs: np.ndarray, k: int = 3, keys=CLASS_KEYS) -> tuple[tuple[str, float], ...]:
    order = np.argsort(-probs)[:k]
    return tuple((keys[i], float(probs[i])) for i in order)


@dataclass(frozen=True)
class EnsembleResult:
    probabilities: np.ndarray  # mean of calibrated probabilities
    malignant_probability: float
    # Mean total-variation distance of each model from the mean (0 = identical, 1 = disjoint).
    disagreement: float
    malignant_spread: float  # max - min malignant probability across models
    top1_agree: bool


def ensemble(prob_list: list[np.ndarray], keys=CLASS_KEYS) -> EnsembleResult:
    if not prob_list:
        raise ValueError("ensemble of no models")
    stack = np.stack([np.asarray(p, dtype=np.float64) for p in prob_list])
    mean = stack.mean(axis=0)
    tv = 0.5 * np.abs(stack - mean).sum(axis=1)
    mal = np.array([malignant_probability(p, keys) for p in stack])
    return EnsembleResult(
        probabilities=mean,
        malignant_probability=malignant_probability(mean, keys),
        disagreement=float(tv.mean()),
        malignant_spread=float(mal.max() - mal.min()),
        top1_agree=len({int(np.argmax(p)) for p in stack}) == 1,
    )
