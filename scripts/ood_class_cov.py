"""Round 11 of docs/experiments/ood-balance.md: the not-a-lesion feature distance with one covariance per
class (shrunk halfway toward the shared one) against the exported check, at detector level, on
validation lesions (as stored and 2 augmented copies) and the development non-skin set:

    .venv/bin/python scripts/ood_class_cov.py --model ID --run runs/lite0_allham

Prints the refusals of both; reads neither the test split nor the evaluation non-skin set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def class_precisions(z: np.ndarray, y: np.ndarray, means: np.ndarray, shared_precision: np.ndarray, shrink=0.5):
    """One precision per class in the PCA subspace: inverse of (1 - shrink) x the class's own
    covariance + shrink x the shared one."""
    shared = np.linalg.inv(shared_precision.astype(np.float64))
    out = []
    for i, c in enumerate(sorted(set(int(v) for v in y))):
        d = z[y == c] - means[i]
        cov = (1 - shrink) * (d.T @ d / len(d)) + shrink * shared
        out.append(np.linalg.inv(cov + 1e-6 * np.eye(len(cov))))
    return np.stack(out).astype(np.float32)


def class_cov_score(pooled_feats: np.ndarray, arrays: dict, precisions: np.ndarray) -> np.ndarray:
    """As inference.ood.mahalanobis_score, each class measured with its own precision."""
    x = np.atleast_2d(pooled_feats).astype(np.float32) - arrays["center"]
    z = x @ arrays["components"]
    resid = x - z @ arrays["components"].T
    r2 = (resid * resid).sum(1) / float(arrays["residual_var"])
    d2 = np.stack(
        [np.einsum("nd,de,ne->n", z - m, p, z - m) for m, p in zip(arrays["class_means"], precisions, strict=True)]
    )
    return np.sqrt(np.maximum(d2.min(0) + r2, 0))


def main() -> int:
    from inference.classes import CLASS_KEYS
    from inference.ood import appearance, appearance_score, combined_ratio, mahalanobis_score
    from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy, resize_to_model
    from scripts.ood_robust import augmented
    from training import data as D
    from training.export import run_onnx
    from training.nonskin import development_set
    from training.ood_fit import choose_appearance_gate, choose_threshold

    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("--models-dir", default=str(ROOT / "assets" / "models"))
    p.add_argument("--shrink", type=float, default=0.5)
    a = p.parse_args()
    folder = Path(a.models_dir) / a.model
    manifest = json.loads((folder / "manifest.json").read_text())
    ood = manifest["ood"]
    spec = PreprocessSpec.from_dict(manifest["preprocess"])
    aspec = appearance_spec(spec)
    arrays = dict(np.load(folder / "ood.npz"))
    onnx = (folder / manifest["onnx_file"]).read_bytes()
    field = bool(ood.get("appearance_field"))
    recs, split = D.load_run(a.run)

    def described(raw):
        pix = np.stack([color_constancy(x, spec) for x in raw]) if aspec != spec else raw
        return run_onnx(onnx, pix, spec)[1], np.stack([appearance(x, field) for x in raw])

    def part(name):
        rs = [r for r in recs if split.get(r.image_id) == name]
        return D.load_pixels(rs, aspec), np.array([r.label for r in rs])

    train_raw, train_y = part("train")
    train_f = described(train_raw)[0]
    del train_raw
    val_raw, val_y = part("val")
    sets = {
        "val": (*described(val_raw), val_y),
        "val augmented": (*described(augmented(val_raw, 2, seed=5)), np.repeat(val_y, 2)),
        "dev non-skin": (*described(np.stack([resize_to_model(i, aspec) for _, i in development_set()])), None),
    }
    z = (train_f - arrays["center"]) @ arrays["components"]
    prec = class_precisions(z, train_y, arrays["class_means"], arrays["precision"], a.shrink)
    athr = ood["appearance_threshold"]
    new_thr = choose_threshold(class_cov_score(sets["val"][0], arrays, prec), 0.02, val_y)
    dev_f, dev_d, _ = sets["dev non-skin"]
    dev_ra = appearance_score(dev_d, arrays) / athr
    new_f0 = choose_appearance_gate(class_cov_score(dev_f, arrays, prec) / new_thr, dev_ra)
    variants = {
        "exported (round 8)": (
            lambda f: mahalanobis_score(f, arrays),
            ood["threshold"],
            ood.get("appearance_needs_features", 0.0),
        ),
        f"one covariance per class (shrink {a.shrink})": (lambda f: class_cov_score(f, arrays, prec), new_thr, new_f0),
    }
    for label, (score, fthr, f0) in variants.items():
        print(f"{label}: feature limit {fthr:.2f}, f0 {f0}")
        for name, (f, d, y) in sets.items():
            rf, ra = score(f) / fthr, appearance_score(d, arrays) / athr
            comb = combined_ratio(rf, 1.0, ra, 1.0, f0)
            rej = comb > 1
            line = f"  {name} ({len(rej)}): refused {rej.mean():.1%}, by features {(rf > 1).mean():.1%}"
            if y is not None:
                per = [(CLASS_KEYS[c], int(rej[y == c].sum()), int((y == c).sum())) for c in range(7)]
                line += "; " + ", ".join(f"{k} {n}/{m}" for k, n, m in per)
            else:
                line += f"; smallest ratio {comb.min():.2f}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
