"""Field-of-view crop and gamma: what the user adjusts, applied to what the model sees."""

from __future__ import annotations

import math

import numpy as np

from inference import imaging

Box = tuple[int, int, int, int]  # x, y, w, h in image pixels


def apply_gamma(rgb: np.ndarray, gamma: float) -> np.ndarray:
    """out = in ** (1 / gamma): gamma > 1 brightens mid-tones (1.2-1.5 suits most phone photos)."""
    if abs(gamma - 1.0) < 1e-6:
        return rgb
    lut = np.clip(255.0 * (np.arange(256) / 255.0) ** (1.0 / gamma) + 0.5, 0, 255).astype(np.uint8)
    return lut[rgb]


def auto_gamma(rgb: np.ndarray, target: float = 0.5, limits=(1.0, 2.2), dark: float = 0.4) -> float:
    """Gamma that brings the median brightness of the centre to `target` (of full scale) when the
    photo is dark (median below `dark`); a normally exposed photo keeps 1.0 (it is never darkened:
    dermoscopic photos are bright by nature, and darkening one hid its lesion's structure)."""
    h, w = rgb.shape[:2]
    centre = rgb[h // 5 : h - h // 5, w // 5 : w - w // 5]
    gray = imaging.to_gray(centre)
    m = float(np.clip(np.median(gray) / 255.0, 0.02, 0.98))
    if m >= dark:
        return 1.0
    g = math.log(m) / math.log(target)
    return float(np.clip(round(g, 2), *limits))


def crop(rgb: np.ndarray, box: Box | None) -> np.ndarray:
    if box is None:
        return rgb
    x, y, w, h = clamp_box(box, rgb.shape[1], rgb.shape[0])
    return np.ascontiguousarray(rgb[y : y + h, x : x + w])


def clamp_box(box: Box, width: int, height: int) -> Box:
    x, y, w, h = (int(round(v)) for v in box)
    x = min(max(0, x), width - 1)
    y = min(max(0, y), height - 1)
    w = max(1, min(w, width - x))
    h = max(1, min(h, height - y))
    return x, y, w, h


def detect_fov(rgb: np.ndarray, dark: int = 30) -> Box | None:
    """The dermatoscope's lit circle: suggest the largest square inside it.

    Returns None when no vignette is present (the whole photo is usable)."""
    h, w = rgb.shape[:2]
    small, scale = imaging.fit_within(rgb, 512)
    gray = imaging.gaussian_blur(imaging.to_gray(small), 2)
    lit = gray > dark
    sh, sw = gray.shape
    c = max(3, min(sh, sw) // 10)
    corners = np.concatenate([lit[:c, :c].ravel(), lit[:c, -c:].ravel(), lit[-c:, :c].ravel(), lit[-c:, -c:].ravel()])
    if corners.mean() > 0.85:  # corners are lit: no vignette to remove
        return None
    labels, area, _ = imaging.connected_components(lit)
    if len(area) <= 1:
        return None
    best = 1 + int(np.argmax(area[1:]))
    (cx, cy), r = imaging.min_enclosing_circle(imaging.outline_points(labels == best))
    r = min(r, math.sqrt(area[best] / math.pi) * 1.05)  # a clipped circle
    side = r * math.sqrt(2) * 0.98
    x0 = max(0.0, cx - side / 2)
    y0 = max(0.0, cy - side / 2)
    side = min(side, sw - x0, sh - y0)
    box = (x0 / scale, y0 / scale, side / scale, side / scale)
    return clamp_box(box, w, h)


FILLS_PHOTO = 0.25  # a lesion covering more than this share of the lit photo is not cropped


def lesion_centered_box(rgb: np.ndarray, margin: float = 1.8) -> Box | None:
    """A square around the lesion, `margin` times its size; None when no lesion is found or when
    it already fills the photo (see `lesion_crop`, which says which)."""
    return lesion_crop(rgb, margin)[0]


def lesion_crop(rgb: np.ndarray, margin: float = 1.8) -> tuple[Box | None, str]:
    """(box, 'found' | 'fills' | 'none'). Darker-than-skin regions by Otsu inside the lit field (the
    dark scope rim and vignette that touch the border are excluded), the large central component
    plus its nearby fragments. Measured on the 10,015 masked HAM10000 photos:
    scripts/centre_on_lesion_eval.py (README)."""
    h, w = rgb.shape[:2]
    small, scale = imaging.fit_within(rgb, 448)
    gray = imaging.gaussian_blur(imaging.to_gray(small), 3)
    valid = (gray > 20) & ~dark_border(gray)
    if valid.sum() < 100:
        return None, "none"
    t = imaging.otsu_threshold(gray[valid])
    mask = imaging.opening((gray < t) & valid, 5).astype(bool)
    lab, area, cent = imaging.connected_components(mask)
    if len(area) <= 1:
        return None, "none"
    sh, sw = gray.shape
    d = np.hypot((cent[1:, 0] - sw / 2) / sw, (cent[1:, 1] - sh / 2) / sh)
    # A component that reaches the photo's edge is mostly vignette (the lit field darkening towards
    # a scope rim that is not dark enough to be excluded): it counts a quarter (ISIC_0034719 had
    # its crop pushed to the rim by one; issue 31.5).
    edge = edge_touching(lab, len(area))
    best = 1 + int(np.argmax(area[1:] * (1.2 - d) * np.where(edge[1:], 0.25, 1.0)))  # big, central, not the rim
    keep = lab == best
    ys, xs = np.nonzero(keep)
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    ex, ey = (x1 - x0) * 0.5, (y1 - y0) * 0.5
    for i in range(1, len(area)):  # fragments of the same lesion (a lighter band splits it)
        cx, cy = cent[i]
        if i != best and area[i] >= 0.02 * area[best] and x0 - ex <= cx <= x1 + ex and y0 - ey <= cy <= y1 + ey:
            keep |= lab == i
    if keep.sum() < 30:
        return None, "none"
    if keep.sum() > FILLS_PHOTO * valid.sum():
        return None, "fills"
    ys, xs = np.nonzero(keep)
    cx, cy = (xs.min() + xs.max()) / 2 / scale, (ys.min() + ys.max()) / 2 / scale
    side = max(xs.max() - xs.min(), ys.max() - ys.min()) / scale * margin
    side = min(max(side, 64), w, h)
    x0 = min(max(0, cx - side / 2), w - side)
    y0 = min(max(0, cy - side / 2), h - side)
    return clamp_box((x0, y0, side, side), w, h), "found"


def edge_touching(lab: np.ndarray, n: int) -> np.ndarray:
    """Per component label (0..n-1): does it reach the border of the picture?"""
    out = np.zeros(n, dtype=bool)
    out[np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))] = True
    return out


def dark_border(gray: np.ndarray, level: int = 35) -> np.ndarray:
    """Dark regions connected to the photo's edge: the scope rim and vignette, never the lesion."""
    lab, _, _ = imaging.connected_components(gray <= level)
    edge = np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))
    edge = edge[edge > 0]
    return np.isin(lab, edge) if edge.size else np.zeros_like(gray, dtype=bool)
