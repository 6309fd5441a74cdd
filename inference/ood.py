"""Not-a-lesion rejection: two detectors, both fit on the training split at export time
(training/ood_fit.py) and stored beside the model in ood.npz (hash in the manifest).

1. Feature distance: Mahalanobis distance of the pooled `features` to the lesion classes. A face,
   a room or a document lands far from every lesion class, whatever the softmax says.
2. Appearance distance: Mahalanobis distance of a 19-number description of the pixels the network
   sees (CIELAB mean / spread / percentiles, saturation, Laplacian energy) to the training lesions.
   Dermoscopic photos have a narrow look; a temple, a retina or a printed page does not.

An image is out of distribution when either distance passes its threshold (thresholds chosen on
real lesions of the validation split). `ratio` > 1 means rejected. A model's manifest may ask the
appearance distance to count only where the feature distance is above a share of its own limit
(`ood.appearance_needs_features`, f0): a real lesion under another camera's colours or a
dermatoscope's dark rim looks strange to the appearance check but not to the network
(docs/experiments/ood-balance.md, round 8). Without it (older models), f0 = 0: both always count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from inference.imaging import erode, srgb_to_lab, to_gray

APPEARANCE_KEYS = ("appearance_mean", "appearance_precision")


def pooled(features: np.ndarray) -> np.ndarray:
    """(N, C, h, w) or (C, h, w) conv map -> (N, C) global-average-pooled features."""
    f = features if features.ndim == 4 else features[None]
    return f.mean(axis=(2, 3))


def subspace_parts(pooled_feats: np.ndarray, arrays: dict) -> tuple[np.ndarray, np.ndarray]:
    """(z, r2): the coordinates in the lesions' principal subspace and the scaled squared residual
    off it, of pooled features (N, C). What mahalanobis_score measures distances from."""
    x = np.atleast_2d(pooled_feats).astype(np.float32) - arrays["center"]
    comps = arrays["components"]
    z = x @ comps
    resid = x - z @ comps.T
    return z, (resid * resid).sum(1) / float(arrays["residual_var"])


def subspace_score(z: np.ndarray, r2: np.ndarray, arrays: dict) -> np.ndarray:
    """The feature distance from subspace_parts: the nearest class mean inside, plus the residual."""
    best = None
    for m in arrays["class_means"]:
        d = z - m
        d2 = np.einsum("nd,de,ne->n", d, arrays["precision"], d)
        best = d2 if best is None else np.minimum(best, d2)
    return np.sqrt(np.maximum(best + r2, 0))


def mahalanobis_score(pooled_feats: np.ndarray, arrays: dict) -> np.ndarray:
    """Probabilistic-PCA Mahalanobis distance (higher = stranger).

    Within the principal subspace: the smallest class-conditional distance. Off it: the residual,
    scaled by the training residual variance. Non-skin photos differ mostly *off* the subspace
    spanned by lesion features, so dropping the residual would hide them."""
    return subspace_score(*subspace_parts(pooled_feats, arrays), arrays)


FIELD_DARK = 35  # grey level of the scope rim, vignette and black corners (inference.adjust.dark_border)
FIELD_MIN = 0.25  # a lit field smaller than this share of the image: the whole image is described


def lit_field(pixels: np.ndarray) -> np.ndarray | None:
    """The lit field of view: everything but dark regions connected to the image's edge. None when
    there is no rim to leave out, or when the lit part is under FIELD_MIN of the image."""
    from inference.adjust import dark_border

    lit = ~dark_border(to_gray(np.ascontiguousarray(pixels[..., :3])), FIELD_DARK)
    if lit.all() or lit.mean() < FIELD_MIN:
        return None
    return lit


def appearance(pixels: np.ndarray, field: bool = False) -> np.ndarray:
    """19 numbers describing an RGB uint8 image (the network's input size is what is used).

    `field`: over the lit field only (see lit_field): a dermatoscope's dark circle or black corners
    left by a rotation do not count, and edge energy is taken two pixels in from the rim. Which of
    the two a model's Gaussians were fitted on is its manifest's `ood.appearance_field`."""
    lit = lit_field(pixels) if field else None
    sub = pixels[::2, ::2, :3]  # colour statistics: every 4th pixel
    rgb = np.ascontiguousarray(sub.reshape(-1, 3) if lit is None else sub[lit[::2, ::2]])
    lab = srgb_to_lab(rgb)
    r, g_, b = (rgb[:, i].astype(np.float32) for i in range(3))
    mx, mn = np.maximum(np.maximum(r, g_), b), np.minimum(np.minimum(r, g_), b)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1), 0)
    g = pixels[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    lap = np.abs(4 * g[1:-1, 1:-1] - g[:-2, 1:-1] - g[2:, 1:-1] - g[1:-1, :-2] - g[1:-1, 2:])
    if lit is not None:
        inner = erode(lit.astype(np.uint8), np.ones((5, 5), bool))[1:-1, 1:-1].astype(bool)
        lap = lap[inner] if inner.any() else lap
    n = len(lab)
    ks = [int(0.05 * (n - 1)), int(0.5 * (n - 1)), int(0.95 * (n - 1))]
    q = np.concatenate([np.partition(lab[:, i], ks)[ks] for i in range(3)])  # 5/50/95th per channel
    return np.r_[lab.mean(0), lab.std(0), q, sat.mean(), sat.std(), np.log1p(lap.mean()), np.log1p(lap.std())].astype(
        np.float32
    )


def appearance_score(descriptors: np.ndarray, arrays: dict) -> np.ndarray:
    """Mahalanobis distance to the training lesions' appearance: to the nearest of one Gaussian per
    class where the model has them (`appearance_class_means` / `_precisions`: a red vascular lesion
    is judged against vascular lesions, not against naevi), else to one Gaussian over all."""
    x = np.atleast_2d(descriptors).astype(np.float32)
    if "appearance_class_means" in arrays:
        pairs = zip(arrays["appearance_class_means"], arrays["appearance_class_precisions"], strict=True)
    else:
        pairs = [(arrays["appearance_mean"], arrays["appearance_precision"])]
    best = None
    for mean, precision in pairs:
        d = x - mean
        s = np.einsum("nd,de,ne->n", d, precision, d)
        best = s if best is None else np.minimum(best, s)
    return np.sqrt(np.maximum(best, 0))


def combined_ratio(feature_scores, feature_threshold, appearance_scores, appearance_threshold, needs_features=0.0):
    """Largest score / threshold of the two detectors (scalars or arrays): > 1 means 'not a lesion'.
    The appearance ratio counts only where the feature ratio is above `needs_features` (f0)."""
    rf = np.asarray(feature_scores) / feature_threshold
    ra = np.asarray(appearance_scores) / appearance_threshold
    return np.where(rf > needs_features, np.maximum(rf, ra), rf) if needs_features > 0 else np.maximum(rf, ra)


@dataclass(frozen=True)
class OodResult:
    feature_score: float
    feature_threshold: float
    appearance_score: float | None = None  # None for a model exported before the appearance check
    appearance_threshold: float | None = None
    appearance_needs_features: float = 0.0  # f0 of the manifest (0: the appearance always counts)
    model_id: str = ""  # whose check this is
    descriptor: np.ndarray | None = field(default=None, repr=False, compare=False)  # the appearance numbers

    @property
    def ratio(self) -> float:
        """max(score / threshold) over the detectors: > 1 means 'not a lesion'."""
        if self.appearance_score is None or not self.appearance_threshold:
            return float(self.feature_score / self.feature_threshold)
        return float(
            combined_ratio(
                self.feature_score,
                self.feature_threshold,
                self.appearance_score,
                self.appearance_threshold,
                self.appearance_needs_features,
            )
        )

    @property
    def rejected(self) -> bool:
        return self.ratio > 1.0


def check(features: np.ndarray, descriptor: np.ndarray | None, arrays: dict, ood_manifest: dict) -> OodResult:
    """Both detectors for one image. `ood_manifest` is the manifest's `ood` section."""
    thr = float(ood_manifest.get("threshold", np.inf))
    fs = float(mahalanobis_score(pooled(features), arrays)[0])
    a_thr = ood_manifest.get("appearance_threshold")
    if descriptor is None or a_thr is None or not all(k in arrays for k in APPEARANCE_KEYS):
        return OodResult(fs, thr, descriptor=descriptor)
    gate = float(ood_manifest.get("appearance_needs_features", 0.0))
    a = float(appearance_score(descriptor, arrays)[0])
    return OodResult(fs, thr, a, float(a_thr), gate, descriptor=descriptor)
