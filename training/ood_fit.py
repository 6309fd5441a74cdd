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

from inference.ood import combined_ratio, mahalanobis_score


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


def fit_class_appearance(descriptors: np.ndarray, labels: np.ndarray, shrink: float = 0.5) -> dict:
    """One Gaussian per class (covariance shrunk halfway toward the pooled one; a class with fewer
    photos than dimensions uses the pooled one), for inference.ood.appearance_score."""
    pooled = np.cov(descriptors.T) + 1e-6 * np.eye(descriptors.shape[1])
    means, precisions = [], []
    for c in sorted(set(int(v) for v in labels)):
        d = descriptors[labels == c]
        cov = (1 - shrink) * np.cov(d.T) + shrink * pooled if len(d) > descriptors.shape[1] else pooled
        means.append(d.mean(0))
        precisions.append(np.linalg.inv(cov + 1e-6 * np.diag(np.diag(pooled))))
    return {
        "appearance_class_means": np.stack(means).astype(np.float32),
        "appearance_class_precisions": np.stack(precisions).astype(np.float32),
    }


def choose_threshold(val_scores: np.ndarray, max_false_rejection: float = 0.03, labels=None) -> float:
    """Reject at most this fraction of the real lesions of the validation split; with `labels`,
    class-balanced: on average this fraction of each class (every lesion weighted by 1 / its
    class's count), so the refusals do not all fall on the rare classes."""
    if labels is None:
        return float(np.quantile(val_scores, 1 - max_false_rejection))
    labels = np.asarray(labels)
    w = 1.0 / np.bincount(labels)[labels]
    order = np.argsort(val_scores)
    cw = np.cumsum(w[order]) / w.sum()
    return float(np.asarray(val_scores)[order][min(len(order) - 1, np.searchsorted(cw, 1 - max_false_rejection))])


APPEARANCE_GATE_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def choose_appearance_gate(dev_feature_ratio, dev_appearance_ratio, grid=APPEARANCE_GATE_GRID) -> float:
    """f0 of `ood.appearance_needs_features` (docs/experiments/ood-balance.md, round 8): the largest grid value
    at which every photo of the development non-skin set is still refused (the appearance ratio
    counting only where the feature ratio is above f0); 0.0 (both always count) when none is."""
    kept = [g for g in grid if (combined_ratio(dev_feature_ratio, 1.0, dev_appearance_ratio, 1.0, g) > 1).all()]
    return float(max(kept)) if kept else 0.0


def score(pooled_feats, arrays) -> np.ndarray:
    return mahalanobis_score(pooled_feats, arrays)
