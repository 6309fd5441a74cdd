"""How often does `Centre on lesion` keep the whole lesion? Measured on the 10,015 HAM10000 photos
with expert lesion masks (../shared/data/ham10000-200x150): a suggested crop "contains" the lesion
when every mask pixel is inside it. Also: how often the model's analysed square of that crop
(its centre square) contains the mask, and how much of the crop the lesion fills.

    .venv/bin/python scripts/centre_on_lesion_eval.py [--n 10015] [--method current|both]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def before(rgb: np.ndarray, margin: float = 1.6):
    """Centre on lesion as it was before issue 16 (the whole Otsu component's box, no rim removal,
    no 'fills the photo' rule), kept here to measure against."""
    from inference import imaging
    from inference.adjust import clamp_box
    from inference.quality import lesion_mask

    h, w = rgb.shape[:2]
    small, scale = imaging.fit_within(rgb, 448)
    mask = lesion_mask(imaging.to_gray(small))
    if mask.sum() < 30:
        return None
    ys, xs = np.nonzero(mask)
    cx, cy = (xs.min() + xs.max()) / 2 / scale, (ys.min() + ys.max()) / 2 / scale
    side = min(max(max(xs.max() - xs.min(), ys.max() - ys.min()) / scale * margin, 64), w, h)
    x0 = min(max(0, cx - side / 2), w - side)
    y0 = min(max(0, cy - side / 2), h - side)
    return clamp_box((x0, y0, side, side), w, h)


def contains(box, ys, xs) -> bool:
    x, y, w, h = box
    return xs.min() >= x and xs.max() < x + w and ys.min() >= y and ys.max() < y + h


def score(finder, rows, data: Path) -> dict:
    from inference.preprocess import center_square_box

    n = found = whole = whole_sq = 0
    fill = []
    for r in rows:
        rgb = np.asarray(Image.open(data / r["file"]).convert("RGB"))
        mask = np.asarray(Image.open(data / r["mask"]).convert("L")) > 127
        ys, xs = np.nonzero(mask)
        if len(xs) == 0:
            continue
        n += 1
        box = finder(rgb)
        if box is None:  # no crop suggested: the whole photo stays (and contains the lesion)
            box = (0, 0, rgb.shape[1], rgb.shape[0])
        else:
            found += 1
        ok = contains(box, ys, xs)
        whole += ok
        sx, sy, sw, sh = center_square_box(box[2], box[3])
        whole_sq += contains((box[0] + sx, box[1] + sy, sw, sh), ys, xs)
        if ok:
            fill.append(len(xs) / (box[2] * box[3]))
    return {
        "photos": n,
        "crop suggested": found / n,
        "crop contains whole lesion": whole / n,
        "analysed square contains whole lesion": whole_sq / n,
        "median lesion share of crop (when whole)": float(np.median(fill)) if fill else 0.0,
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "ham10000-200x150"))
    p.add_argument("--n", type=int, default=None)
    p.add_argument("--skip", type=int, default=0, help="leave out the first N rows (3,000 were used to tune)")
    a = p.parse_args()
    from inference import adjust

    data = Path(a.data)
    rows = list(csv.DictReader(open(data / "labels.csv", encoding="utf-8")))[a.skip :][: a.n]
    finders = {"whole photo (no crop)": lambda rgb: None, "before": before, "now": adjust.lesion_centered_box}
    for name, f in finders.items():
        t = time.perf_counter()
        s = score(f, rows, data)
        ms = (time.perf_counter() - t) / max(1, s["photos"]) * 1000
        figures = ", ".join(f"{k} {v}" if k == "photos" else f"{k} {v:.1%}" for k, v in s.items())
        print(f"{name}: {figures} ({ms:.1f} ms/photo)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
