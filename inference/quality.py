"""Image-quality and artefact checks. Each finding is a plain-language warning; a severe one makes
the triage outcome `cannot_assess`. Thresholds were set from HAM10000 and ISIC photos and their
deliberately degraded copies (see tests/test_quality.py and docs/quality.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from inference import imaging

ANALYSIS_SIDE = 448  # measured at a fixed scale so numbers do not depend on camera resolution


@dataclass(frozen=True)
class QualityReport:
    values: dict  # every gate value, stored with the analysis
    warnings: tuple[str, ...]
    severe: tuple[str, ...]  # reasons to refuse: "cannot assess"

    @property
    def ok(self) -> bool:
        return not self.severe

    def to_dict(self) -> dict:
        return asdict(self)


# warn, severe
BLUR = (10.0, 5.0)  # variance of the Laplacian at ANALYSIS_SIDE; lower = blurrier
DARK = (60.0, 30.0)  # median luminance (0-255) of the centre
BRIGHT = (0.05, 0.25)  # fraction of clipped (>= 250) pixels in the centre
MIN_SIDE = (200, 100)  # pixels
LESION_SMALL = 0.01  # fraction of the frame
OFF_CENTRE = 0.7  # lesion centroid distance from the centre, in half-diagonals of the frame
EDGE_CUT = 0.5  # fraction of the image border covered by the lesion
VIGNETTE = 0.3  # fraction of very dark pixels in the corners
HAIR = 0.05  # fraction of thin dark line pixels
INK = 0.01  # fraction of strongly violet / blue pixels
GRAYSCALE = 8.0  # median HSV saturation (0-255); 669 real dermoscopy photos: min 14, 1st percentile 19


# Every message the gate gives, once (the app translates them: desktop/i18n.message).
TEXT = {
    "too_small": "The photo is only {0} x {1} pixels: too small to assess.",
    "low_resolution": "Low resolution: details may be lost. Use the camera's full resolution.",
    "blurred": "The photo is too blurred to assess. Hold the camera still and refocus.",
    "slightly_blurred": "The photo looks slightly blurred; a sharper photo gives a more reliable result.",
    "too_dark": "The photo is far too dark to assess. Use the dermatoscope light.",
    "dark": "The photo is dark; more light or a higher gamma may help.",
    "over_exposed": "The photo is over-exposed (washed out) and cannot be assessed.",
    "glare": "Parts of the photo are over-exposed (glare). Reduce light or avoid reflections.",
    "no_colour": "The photo has no colour (black and white): DermaTriage needs a colour photo.",
    "lesion_small": "The lesion is very small in the frame, or could not be found: move closer or crop.",
    "off_centre": "The lesion is off-centre: centre it or crop around it.",
    "edge_cut": "The lesion is cut by the edge of the photo: include its whole border.",
    "dark_corners": "Dark corners of the dermatoscope circle are in the picture: crop the field of view.",
    "hair": "Hair covers part of the lesion and may hide features.",
    "ink": "Ink or marker on the skin was detected; it can mislead the analysis.",
}


def _working_copy(rgb: np.ndarray) -> np.ndarray:
    return imaging.fit_within(rgb, ANALYSIS_SIDE)[0]


def _centre(a: np.ndarray, frac: float = 0.6) -> np.ndarray:
    h, w = a.shape[:2]
    dy, dx = int(h * (1 - frac) / 2), int(w * (1 - frac) / 2)
    return a[dy : h - dy, dx : w - dx]


def lesion_mask(gray: np.ndarray) -> np.ndarray:
    """Rough lesion segmentation: darker-than-skin region by Otsu, largest central component."""
    g = imaging.gaussian_blur(gray, 3)
    valid = g > 20  # ignore the dark scope circle
    if valid.sum() < 100:
        return np.zeros_like(gray, dtype=bool)
    t = imaging.otsu_threshold(g[valid])
    mask = imaging.opening((g < t) & valid, 5).astype(bool)
    lab, area, cent = imaging.connected_components(mask)
    if len(area) <= 1:
        return np.zeros_like(gray, dtype=bool)
    h, w = gray.shape
    # Prefer big components near the centre (the lesion), not dark corners.
    d = np.hypot((cent[1:, 0] - w / 2) / w, (cent[1:, 1] - h / 2) / h)
    best = 1 + int(np.argmax(area[1:] * (1.2 - d)))
    return lab == best


def measure(rgb: np.ndarray) -> dict:
    h0, w0 = rgb.shape[:2]
    img = _working_copy(rgb)
    gray = imaging.to_gray(img)
    centre = _centre(gray)
    h, w = gray.shape
    corner = max(4, min(h, w) // 8)
    corners = np.concatenate(
        [
            gray[:corner, :corner].ravel(),
            gray[:corner, -corner:].ravel(),
            gray[-corner:, :corner].ravel(),
            gray[-corner:, -corner:].ravel(),
        ]
    )
    mask = lesion_mask(gray)
    area = float(mask.mean())
    if mask.any():
        ys, xs = np.nonzero(mask)
        off = float(np.hypot(xs.mean() / w - 0.5, ys.mean() / h - 0.5) / np.hypot(0.5, 0.5))
        border = np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]])
        edge = float(border.mean())
    else:
        off, edge = 0.0, 0.0
    # Hair: thin dark lines -> black-hat with a kernel wider than a hair.
    hair = float((imaging.black_hat(gray, imaging.ellipse_kernel(9)) > 25).mean())
    hsv = imaging.to_hsv(img)
    ink = float(((hsv[..., 0] > 115) & (hsv[..., 0] < 160) & (hsv[..., 1] > 110) & (hsv[..., 2] > 50)).mean())
    return {
        "width": int(w0),
        "height": int(h0),
        # Laplacian variance grows with the square of contrast: normalise by brightness so a dark
        # photo is reported as dark, not as blurred.
        "sharpness": float(imaging.laplacian(centre).var() * (128.0 / max(centre.mean(), 8.0)) ** 2),
        "centre_luminance": float(np.median(centre)),
        "clipped_fraction": float((_centre(img) >= 250).all(axis=2).mean()),
        "lesion_area": area,
        "lesion_offset": off,
        "lesion_edge_contact": edge,
        "dark_corners": float((corners < 25).mean()),
        "hair": hair,
        "ink": ink,
        # Dermoscopy is always in colour: the median chroma of a black-and-white picture is ~0.
        "colourfulness": float(np.median(hsv[..., 1])),
    }


def assess(rgb: np.ndarray) -> QualityReport:
    v = measure(rgb)
    warn, severe = [], []
    side = min(v["width"], v["height"])
    if side < MIN_SIDE[1]:
        severe.append(TEXT["too_small"].format(v["width"], v["height"]))
    elif side < MIN_SIDE[0]:
        warn.append(TEXT["low_resolution"])
    if v["sharpness"] < BLUR[1]:
        severe.append(TEXT["blurred"])
    elif v["sharpness"] < BLUR[0]:
        warn.append(TEXT["slightly_blurred"])
    if v["centre_luminance"] < DARK[1]:
        severe.append(TEXT["too_dark"])
    elif v["centre_luminance"] < DARK[0]:
        warn.append(TEXT["dark"])
    if v["clipped_fraction"] > BRIGHT[1]:
        severe.append(TEXT["over_exposed"])
    elif v["clipped_fraction"] > BRIGHT[0]:
        warn.append(TEXT["glare"])
    if v["colourfulness"] < GRAYSCALE:
        severe.append(TEXT["no_colour"])
    if v["lesion_area"] < LESION_SMALL:
        warn.append(TEXT["lesion_small"])
    if v["lesion_offset"] > OFF_CENTRE:
        warn.append(TEXT["off_centre"])
    if v["lesion_edge_contact"] > EDGE_CUT:
        warn.append(TEXT["edge_cut"])
    if v["dark_corners"] > VIGNETTE:
        warn.append(TEXT["dark_corners"])
    if v["hair"] > HAIR:
        warn.append(TEXT["hair"])
    if v["ink"] > INK:
        warn.append(TEXT["ink"])
    return QualityReport(v, tuple(warn), tuple(severe))
