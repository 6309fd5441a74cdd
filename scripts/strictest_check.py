"""Refusals of each analysis path with today's not-a-lesion rule and with the strictest check
(docs/experiments/strictest-check.md): a photo is refused when any bundled model's check refuses it.

    .venv/bin/python scripts/strictest_check.py --split-file runs/lite0_allham/split.csv \
        --data ../shared/data/ham10000-200x150 --sharper ../shared/data/ham10000-224 [--split val]

Runs the ensemble once per photo (every bundled model computes its own check on it) and derives
every path from the per-model ratios and the quality gate, which is how the app decides. Round 2
adds V2 for the ensemble: the members' mean, or the default's own check, refuses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def observe(an, images) -> tuple[np.ndarray, np.ndarray]:
    """Per photo: the quality gate's verdict (severe) and each model's ratio (distance / limit)."""
    severe, ratios = [], []
    for img in images:
        a = an.analyze(img)
        severe.append(bool(a.quality.severe))
        ratios.append([o.ratio for o in a.ood])
    return np.array(severe), np.array(ratios)


def paths(severe: np.ndarray, ratios: np.ndarray, default: int) -> dict[str, np.ndarray]:
    """Refused or not, per photo, for each path: the rule before (V0), the strictest (V1) and, for
    the ensemble, the members' mean or the default's own check (V2, the app's rule since round 2)."""
    out = {}
    for i in range(ratios.shape[1]):
        own = ratios[:, i]
        tag = "default" if i == default else f"model {i}"
        out[f"{tag} alone, V0"] = severe | (own > 1)
        if i != default:
            out[f"{tag} alone, V1"] = severe | (np.maximum(own, ratios[:, default]) > 1)
    out["ensemble, V0 (mean)"] = severe | (ratios.mean(1) > 1)
    out["ensemble, V1 (largest)"] = severe | (ratios.max(1) > 1)
    out["ensemble, V2 (mean or default)"] = severe | (ratios.mean(1) > 1) | (ratios[:, default] > 1)
    return out


def main() -> int:
    from inference.analysis import Analyzer
    from inference.classes import CLASS_KEYS
    from inference.imageio import load_image
    from inference.preprocess import appearance_spec
    from inference.registry import default_model_id
    from scripts.ood_robust import augmented
    from training import data as D
    from training.nonskin import development_set, nonskin_set

    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--sharper")
    p.add_argument("--split-file", required=True)
    p.add_argument("--split", default="val")
    p.add_argument("--copies", type=int, default=2, help="strong-augmentation copies of each photo (seed 0)")
    a = p.parse_args()
    an = Analyzer.load("ensemble", "cpu")
    ids = [c.manifest.id for c in an.classifiers]
    default = ids.index(default_model_id())
    print("models:", ", ".join(f"{i}: {m}" for i, m in enumerate(ids)), f"(default: {default})")
    records = D.records_for({"data": a.data, "sharper_data": a.sharper})
    assignment = D.read_split(Path(a.split_file))
    recs = [r for r in records if assignment.get(r.image_id) == a.split]
    y = np.array([r.label for r in recs])
    sets = {
        f"{a.split} lesions": observe(an, [load_image(r.path).rgb for r in recs]),
        "development non-skin": observe(an, [img for _, img in development_set()]),
        "evaluation non-skin": observe(an, [img for _, img in nonskin_set()]),
    }
    if a.copies:
        pix = D.load_pixels(recs, appearance_spec(an.classifiers[default].manifest.preprocess))
        sets[f"{a.split} lesions, {a.copies} augmented copies"] = observe(an, augmented(pix, a.copies, 0))
    for name, (severe, ratios) in sets.items():
        print(f"\n{name} ({len(severe)}): refused")
        for path, refused in paths(severe, ratios, default).items():
            line = f"  {path:30s} {refused.mean():6.1%}"
            if name == f"{a.split} lesions":
                per = [(k, refused[y == i].sum(), (y == i).sum()) for i, k in enumerate(CLASS_KEYS) if (y == i).any()]
                worst = max(per, key=lambda t: t[1] / t[2])
                line += f"  largest class {worst[0]} {worst[1]}/{worst[2]} ({worst[1] / worst[2]:.1%}); "
                line += ", ".join(f"{k} {n}/{m}" for k, n, m in per)
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
