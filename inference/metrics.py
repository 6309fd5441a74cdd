"""Evaluation metrics in numpy (tests check them against scikit-learn), calibration, thresholds."""

from __future__ import annotations

import numpy as np

from inference.classes import CLASS_KEYS, MALIGNANT
from inference.probs import softmax


def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return cm


def per_class_stats(cm: np.ndarray) -> dict[str, np.ndarray]:
    tp = np.diag(cm).astype(float)
    support = cm.sum(1).astype(float)
    predicted = cm.sum(0).astype(float)
    total = cm.sum()
    tn = total - support - predicted + tp
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.where(support > 0, tp / support, 0.0)
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        specificity = np.where(total - support > 0, tn / (total - support), 0.0)
    return {"precision": precision, "recall": recall, "f1": f1, "specificity": specificity, "support": support}


def roc_curve(y_true, score) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False-positive rate, true-positive rate, thresholds (descending), ties handled."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(score, dtype=float)
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    distinct = np.where(np.diff(s))[0]
    idx = np.r_[distinct, len(s) - 1]
    tps = np.cumsum(y)[idx]
    fps = (idx + 1) - tps
    tpr = np.r_[0, tps] / max(y.sum(), 1)
    fpr = np.r_[0, fps] / max((~y).sum(), 1)
    thresholds = np.r_[np.inf, s[idx]]
    return fpr, tpr, thresholds


def auc(fpr, tpr) -> float:
    return float(np.trapezoid(tpr, fpr))


def roc_auc(y_true, score) -> float:
    y = np.asarray(y_true).astype(bool)
    if y.all() or not y.any():
        return float("nan")
    fpr, tpr, _ = roc_curve(y, score)
    return auc(fpr, tpr)


def expected_calibration_error(probs: np.ndarray, y_true, n_bins: int = 15) -> float:
    """Top-label ECE with equal-width confidence bins."""
    conf = probs.max(1)
    correct = probs.argmax(1) == np.asarray(y_true)
    bins = np.linspace(0, 1, n_bins + 1)
    ece = 0.0
    for lo, hi in zip(bins[:-1], bins[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(ece)


def reliability_bins(probs, y_true, n_bins: int = 15):
    conf = probs.max(1)
    correct = probs.argmax(1) == np.asarray(y_true)
    bins = np.linspace(0, 1, n_bins + 1)
    rows = []
    for lo, hi in zip(bins[:-1], bins[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            rows.append((float((lo + hi) / 2), float(conf[m].mean()), float(correct[m].mean()), int(m.sum())))
    return rows


def nll(logits, y_true, temperature: float) -> float:
    p = softmax(logits, temperature)
    return float(-np.log(np.clip(p[np.arange(len(p)), np.asarray(y_true)], 1e-12, None)).mean())


def fit_temperature(logits, y_true) -> float:
    """Temperature minimising validation NLL (golden-section search on log T)."""
    lo, hi = np.log(0.05), np.log(20.0)
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = nll(logits, y_true, np.exp(a)), nll(logits, y_true, np.exp(b))
    for _ in range(80):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = nll(logits, y_true, np.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = nll(logits, y_true, np.exp(b))
    return float(np.exp((lo + hi) / 2))


def malignant_indices(keys=CLASS_KEYS) -> list[int]:
    return [i for i, k in enumerate(keys) if k in MALIGNANT]


def is_malignant_label(y, keys=CLASS_KEYS) -> np.ndarray:
    return np.isin(y, malignant_indices(keys))


def malignant_scores(probs: np.ndarray, keys=CLASS_KEYS) -> np.ndarray:
    return probs[:, malignant_indices(keys)].sum(1)


def threshold_for_sensitivity(is_malignant, score, target: float = 0.95) -> float:
    """Largest threshold whose sensitivity (score >= t) reaches the target."""
    s = np.sort(np.asarray(score)[np.asarray(is_malignant).astype(bool)])
    if len(s) == 0:
        return 0.5
    k = int(np.floor((1 - target) * len(s)))  # may miss at most k malignant cases
    return float(s[k])


def wilson_lower(successes: int, n: int, z: float = 1.645) -> float:
    """One-sided 95 % lower confidence bound of a proportion (Wilson score)."""
    if n == 0:
        return 0.0
    p = successes / n
    centre = p + z * z / (2 * n)
    margin = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float((centre - margin) / (1 + z * z / n))


def threshold_for_sensitivity_bound(is_malignant, score, target: float = 0.95) -> float:
    """Largest threshold whose sensitivity's one-sided 95 % lower bound (Wilson) still reaches
    the target: a margin so that the target holds on new photos, not only on this split."""
    s = np.sort(np.asarray(score)[np.asarray(is_malignant).astype(bool)])
    n = len(s)
    if n == 0:
        return 0.5
    k = 0  # malignant cases that may fall below the threshold
    while k + 1 < n and wilson_lower(n - (k + 1), n) >= target:
        k += 1
    if wilson_lower(n - k, n) < target:  # even catching all is not enough evidence: catch all
        return float(np.nextafter(s[0], -np.inf))
    return float(s[k])


def threshold_for_specificity(is_malignant, score, target: float = 0.95) -> float:
    """Smallest threshold whose specificity (benign with score < t) reaches the target."""
    s = np.sort(np.asarray(score)[~np.asarray(is_malignant).astype(bool)])
    if len(s) == 0:
        return 0.5
    k = min(len(s) - 1, int(np.ceil(target * len(s))) - 1)
    return float(np.nextafter(s[k], np.inf))


def sens_spec(is_malignant, score, threshold: float) -> tuple[float, float]:
    y = np.asarray(is_malignant).astype(bool)
    flag = np.asarray(score) >= threshold
    sens = float(flag[y].mean()) if y.any() else float("nan")
    spec = float((~flag[~y]).mean()) if (~y).any() else float("nan")
    return sens, spec


def sens_spec_ci(is_malignant, score, threshold: float, groups=None, n_boot: int = 2000):
    """95 % bootstrap intervals ((lo, hi), (lo, hi)) of sensitivity and specificity at a fixed
    threshold, resampling `groups` (lesions) when given."""
    y, score = np.asarray(is_malignant).astype(bool), np.asarray(score)
    sens, spec = (
        bootstrap_ci(lambda t, s, i=i: sens_spec(t, s, threshold)[i], y, score, groups, n_boot) for i in (0, 1)
    )
    return sens, spec


def balanced_accuracy(y_true, y_pred) -> float:
    """Mean recall over the classes present in y_true."""
    y, pred = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean([(pred[y == c] == c).mean() for c in np.unique(y)]))


_M1, _M2, _GOLDEN = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), np.uint64(0x9E3779B97F4A7C15)


def resample_draws(seed: int, round_: int, n: int) -> np.ndarray:
    """n indices in [0, n) for one bootstrap round: splitmix64 over a counter, so the intervals are
    the same everywhere, and nothing needs numpy.random (the installer leaves it out)."""
    start = np.uint64((seed * 1_000_003 + round_) * n % 2**63)
    with np.errstate(over="ignore"):
        z = (np.arange(n, dtype=np.uint64) + start + np.uint64(1)) * _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
        z = z ^ (z >> np.uint64(31))
    return (z % np.uint64(n)).astype(np.int64)


def bootstrap_ci(stat, y_true, probs, groups=None, n_boot: int = 2000, seed: int = 0, level: float = 0.95):
    """Percentile interval of stat(y, probs) over resamples with replacement. With `groups` (lesion
    ids) whole groups are drawn, so images of one lesion stay together, as in the split."""
    y, probs = np.asarray(y_true), np.asarray(probs)
    groups = np.arange(len(y)) if groups is None else np.asarray(groups)
    uniq, inverse = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inverse == g) for g in range(len(uniq))]
    values = []
    for b in range(n_boot):
        idx = np.concatenate([members[g] for g in resample_draws(seed, b, len(uniq))])
        v = stat(y[idx], probs[idx])
        if np.isfinite(v):
            values.append(v)
    if not values:  # e.g. one class only in every resample of a tiny split
        return float("nan"), float("nan")
    lo, hi = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def malignant_auc(y_true, probs, keys=CLASS_KEYS) -> float:
    return roc_auc(is_malignant_label(y_true, keys), malignant_scores(probs, keys))


def classification_report(
    probs: np.ndarray, y_true, keys=CLASS_KEYS, groups=None, ci: bool = False, decision_weights=None
) -> dict:
    """Metrics of 7-class probabilities. ci=True adds 95 % bootstrap intervals (resampling
    `groups`, i.e. lesions, when given) for balanced accuracy and malignant AUC. decision_weights:
    the top class is argmax(p * w) (a model's calibration.decision_weights); AUC and ECE use p."""
    y = np.asarray(y_true)
    n = len(keys)
    w = np.ones(probs.shape[1]) if decision_weights is None else np.asarray(decision_weights, float)
    pred = (probs * w).argmax(1)
    cm = confusion_matrix(y, pred, n)
    st = per_class_stats(cm)
    present = st["support"] > 0
    top2 = np.argsort(-probs, axis=1)[:, :2]
    per_class = {
        k: {
            "precision": float(st["precision"][i]),
            "recall": float(st["recall"][i]),
            "f1": float(st["f1"][i]),
            "specificity": float(st["specificity"][i]),
            "support": int(st["support"][i]),
            "auc": roc_auc(y == i, probs[:, i]),
        }
        for i, k in enumerate(keys)
    }
    return {
        "n": int(len(y)),
        "balanced_accuracy": float(st["recall"][present].mean()),
        "accuracy": float((pred == y).mean()),
        "top2_accuracy": float((top2 == y[:, None]).any(1).mean()),
        "macro_f1": float(st["f1"][present].mean()),
        "malignant_auc": malignant_auc(y, probs, keys),
        "ece": expected_calibration_error(probs, y),
        "per_class": per_class,
        "confusion_matrix": cm.tolist(),
    } | (
        {
            "ci95": {
                "balanced_accuracy": bootstrap_ci(
                    lambda t, p: balanced_accuracy(t, (p * w).argmax(1)), y, probs, groups
                ),
                "malignant_auc": bootstrap_ci(lambda t, p: malignant_auc(t, p, keys), y, probs, groups),
            }
        }
        if ci
        else {}
    )
