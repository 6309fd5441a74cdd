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


def auto_gamma(rgb: np.ndarray, target: float = 0.5, limits=(0.6, 2.2)) -> float:
    """Gamma that brings the median brightness of the centre to `target` (of full scale)."""
    h, w = rgb.shape[:2]
    centre = rgb[h // 5 : h - h // 5, w // 5 : w - w // 5]
    gray = imaging.to_gray(centre)
    m = float(np.clip(np.median(gray) / 255.0, 0.02, 0.98))
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


def lesion_centered_box(rgb: np.ndarray, margin: float = 1.6) -> Box | None:
    """A square around the lesion (darker-than-skin region), `margin` times its size."""
    from inference.quality import lesion_mask

    h, w = rgb.shape[:2]
    small, scale = imaging.fit_within(rgb, 448)
    mask = lesion_mask(imaging.to_gray(small))
    if mask.sum() < 30:
        return None
    ys, xs = np.nonzero(mask)
    cx, cy = (xs.min() + xs.max()) / 2 / scale, (ys.min() + ys.max()) / 2 / scale
    side = max(xs.max() - xs.min(), ys.max() - ys.min()) / scale * margin
    side = min(max(side, 64), w, h)
    x0 = min(max(0, cx - side / 2), w - side)
    y0 = min(max(0, cy - side / 2), h - side)
    return clamp_box((x0, y0, side, side), w, h)
