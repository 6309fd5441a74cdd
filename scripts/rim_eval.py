"""Lesions seen through another dermatoscope's dark rim (issue 14): validation photos with a drawn
scope circle or rotated with black corners, through the app's path: how many are refused, how many
of those the quality gate flags as dark corners, and how many are assessed after the app's own
"Detect dermatoscope circle" crop (inference.adjust.detect_fov). Validation only.

    .venv/bin/python scripts/rim_eval.py --run runs/lite0_allham --limit 300 > docs/experiments/rim-eval.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    import torch
    from torchvision.transforms import v2

    from inference.adjust import crop, detect_fov
    from inference.analysis import Analyzer
    from inference.imageio import load_image
    from inference.quality import TEXT
    from training import data as D
    from training.engine import ScopeCircle

    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--model", default=None, help="a bundled model id (default: the default model)")
    p.add_argument("--limit", type=int, default=400, help="validation photos (a fixed random sample)")
    a = p.parse_args()
    records, split = D.load_run(a.run)
    recs = [r for r in records if split.get(r.image_id) == "val"]
    recs = [recs[i] for i in sorted(np.random.default_rng(0).choice(len(recs), min(a.limit, len(recs)), False))]
    an = Analyzer.load(a.model, "cpu")
    torch.manual_seed(0)
    views = {"as stored": None, "scope circle": ScopeCircle(), "rotated, black corners": v2.RandomRotation((20, 70))}
    for name, t in views.items():
        refused = flagged = after = cropped = 0
        for r in recs:
            rgb = load_image(r.path).rgb
            if t is not None:
                rgb = t(torch.from_numpy(np.ascontiguousarray(rgb.transpose(2, 0, 1)))).numpy().transpose(1, 2, 0)
                rgb = np.ascontiguousarray(rgb)
            res = an.analyze(rgb)
            if not res.out_of_distribution:
                continue
            refused += 1
            flagged += TEXT["dark_corners"] in res.quality.warnings
            box = detect_fov(rgb)
            if box is not None:
                cropped += 1
                after += not an.analyze(crop(rgb, box)).out_of_distribution
        n = len(recs)
        print(
            f"{name}: {n} photos, not-a-lesion refusals {refused} ({refused / n:.1%}); of those, quality gate "
            f"says dark corners {flagged}, a circle is detected {cropped}, assessed after its crop {after}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
