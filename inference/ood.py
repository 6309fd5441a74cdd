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
    """Probabilistic-PCA Mahalanobis distance (higher = stranger).

    Within the principal subspace: the smallest class-conditional distance. Off it: the residual,
    scaled by the training residual variance. Non-skin photos differ mostly *off* the subspace
    spanned by lesion features, so dropping the residual would hide them."""
    x = np.atleast_2d(pooled_feats).astype(np.float32) - arrays["center"]
    comps = arrays["components"]
    z = x @ comps
    resid = x - z @ comps.T
    r2 = (resid * resid).sum(1) / float(arrays["residual_var"])
    best = None
    for m in arrays["class_means"]:
        d = z - m
        d2 = np.einsum("nd,de,ne->n", d, arrays["precision"], d)
        best = d2 if best is None else np.minimum(best, d2)
    return np.sqrt(np.maximum(best + r2, 0))


def is_out_of_distribution(features: np.ndarray, arrays: dict, threshold: float) -> tuple[bool, float]:
    score = float(mahalanobis_score(pooled(features), arrays)[0])
    return score > threshold, score
