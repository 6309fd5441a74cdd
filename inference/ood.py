"""Not-a-lesion rejection: Mahalanobis distance of the pooled features to the training classes.

Fit on the training split at export time (training/ood_fit.py), stored beside the model in ood.npz
with its hash in the manifest. A photo of a face, a room or a document lands far from every
lesion class, whatever the softmax says.
"""

from __future__ import annotations

import numpy as np


def pooled(features: np.ndarray) -> np.ndarray:
    """(N, C, h, w) or (C, h, w) conv map -> (N, C) global-average-pooled features."""
    f = features if features.ndim == 4 else features[None]
    return f.mean(axis=(2, 3))


def mahalanobis_score(pooled_feats: np.ndarray, arrays: dict) -> np.ndarray:
    """Smallest class-conditional Mahalanobis distance in the PCA space (higher = stranger)."""
    z = (np.atleast_2d(pooled_feats) - arrays["center"]) @ arrays["components"]
    best = None
    for m in arrays["class_means"]:
        d = z - m
        d2 = np.einsum("nd,de,ne->n", d, arrays["precision"], d)
        best = d2 if best is None else np.minimum(best, d2)
    return np.sqrt(np.maximum(best, 0))


def is_out_of_distribution(features: np.ndarray, arrays: dict, threshold: float) -> tuple[bool, float]:
    score = float(mahalanobis_score(pooled(features), arrays)[0])
    return score > threshold, score
