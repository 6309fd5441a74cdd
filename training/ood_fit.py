"""Fit the two not-a-lesion detectors on the training split (see inference/ood.py).

How the settings were chosen (never on the evaluation set of training/nonskin.py): on a separate
development set (`nonskin.development_set`: other photos, faces, a retina crop, generated images)
and the validation lesions, comparing pooled-feature variants (mean, mean+std, mean+max; 32-384
PCA dimensions) and an appearance descriptor. Mean pooling with 128 dimensions plus the appearance
distance rejected 100 % of the development set with 2.9 % of validation lesions rejected; the
feature distance alone reached 96-98 %.
"""

from __future__ import annotations

import numpy as np

from inference.ood import mahalanobis_score


def fit_mahalanobis(pooled_feats: np.ndarray, labels: np.ndarray, dims: int = 128, shrink=0.05) -> dict:
    """PCA to `dims`, class means, shared covariance (shrunk toward its diagonal), inverse."""
    center = pooled_feats.mean(0)
    x = pooled_feats - center
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    comps = vt[: min(dims, vt.shape[0])].T.astype(np.float32)
    z = x @ comps
    classes = sorted(set(int(c) for c in labels))
    means = np.stack([z[labels == c].mean(0) for c in classes])
    resid = np.concatenate([z[labels == c] - means[i] for i, c in enumerate(classes)])
    cov = resid.T @ resid / len(resid)
    cov = (1 - shrink) * cov + shrink * np.diag(np.diag(cov))
    precision = np.linalg.inv(cov + 1e-6 * np.eye(len(cov)))
    resid = x - z @ comps.T
    residual_var = float((resid * resid).sum(1).mean() / max(1, x.shape[1] - comps.shape[1]))
    return {
        "center": center.astype(np.float32),
        "components": comps,
        "class_means": means.astype(np.float32),
        "precision": precision.astype(np.float32),
        "residual_var": np.float32(max(residual_var, 1e-12)),
    }


def fit_appearance(descriptors: np.ndarray, ridge: float = 1e-3) -> dict:
    """Gaussian over the appearance descriptors of the training lesions (see inference.ood.appearance)."""
    mean = descriptors.mean(0)
    cov = np.cov(descriptors.T)
    cov = cov + ridge * np.diag(np.diag(cov)) + 1e-9 * np.eye(len(cov))
    return {"appearance_mean": mean.astype(np.float32), "appearance_precision": np.linalg.inv(cov).astype(np.float32)}


def choose_threshold(val_scores: np.ndarray, max_false_rejection: float = 0.03) -> float:
    """Reject at most this fraction of the real lesions of the validation split."""
    return float(np.quantile(val_scores, 1 - max_false_rejection))


def score(pooled_feats, arrays) -> np.ndarray:
    return mahalanobis_score(pooled_feats, arrays)
