"""Individual Typology Angle (ITA) from skin pixels around the lesion.

ITA = atan((L* - 50) / b*) in degrees, on CIELAB. Bands (Chardon et al. 1991):
very light > 55 >= light > 41 >= intermediate > 28 >= tan > 10 >= brown > -30 >= dark.
Dermoscopic photos are lit by the scope, so this is an estimate; it is stored with each analysis
so that performance can be reported by band, never used to change the answer.
"""

from __future__ import annotations

import numpy as np

from inference.imaging import fit_within, lightness, srgb_to_lab

BANDS = (
    ("very light", 55.0),
    ("light", 41.0),
    ("intermediate", 28.0),
    ("tan", 10.0),
    ("brown", -30.0),
    ("dark", -np.inf),
)


def skin_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels of the outer ring of the image that are not lesion, vignette or glare."""
    h, w = rgb.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot((yy - h / 2) / (h / 2), (xx - w / 2) / (w / 2))
    ring = (r > 0.55) & (r < 0.95)
    lum = np.zeros((h, w), np.float32)
    lum[ring] = lightness(rgb[..., :3][ring])
    ok = ring & (lum > 15) & (lum < 97)  # drop the dark scope circle and specular glare
    if ok.sum() < 50:
        return ok
    # The lesion is darker than the skin around it: keep the brighter half of the ring.
    cut = np.median(lum[ok])
    return ok & (lum >= cut)


def ita_degrees(rgb: np.ndarray) -> float | None:
    """Median ITA over skin pixels; None when too few skin pixels are visible."""
    rgb = fit_within(rgb[..., :3], 256)[0]  # a median over skin pixels needs no more than this
    mask = skin_mask(rgb)
    if mask.sum() < 50:
        return None
    lab = srgb_to_lab(rgb[mask])
    L = lab[..., 0]
    b = lab[..., 2]
    ita = np.degrees(np.arctan2(L - 50.0, b))
    return float(np.median(ita))


def ita_band(ita: float | None) -> str:
    if ita is None:
        return "unknown"
    for name, lower in BANDS:
        if ita > lower:
            return name
    return "dark"
