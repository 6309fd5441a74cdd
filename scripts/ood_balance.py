"""Not-a-lesion limits that are fair to rare classes (issue 14), for an exported model.

The exported limits reject 2 % (features) and 1 % (appearance) of *all* validation lesions, so the
refusals fall on the classes the single Gaussians fit worst (dermatofibromas, vascular lesions).
Variants compared here, chosen only on validation lesions and the development non-skin set
(training/nonskin.development_set); the evaluation non-skin set and the test split are reported:

- class-balanced limits: the budget is the mean of the per-class refusal rates on validation;
- per-class appearance: the appearance distance is the smallest Mahalanobis distance to a
  Gaussian per class (fit on train, covariance shrunk toward the pooled one), not to one Gaussian.

    .venv/bin/python scripts/ood_balance.py --model efficientnet_lite0-ham10000all-20261201 --run runs/lite0_allham
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cw = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][min(len(values) - 1, np.searchsorted(cw, q))])


def fit_class_appearance(desc: np.ndarray, y: np.ndarray, shrink: float = 0.5) -> list[tuple]:
    pooled = np.cov(desc.T) + 1e-6 * np.eye(desc.shape[1])
    out = []
    for c in sorted(set(y.tolist())):
        d = desc[y == c]
        cov = (1 - shrink) * np.cov(d.T) + shrink * pooled if len(d) > desc.shape[1] else pooled
        out.append((d.mean(0), np.linalg.inv(cov + 1e-6 * np.diag(np.diag(pooled)))))
    return out


def class_appearance_score(desc: np.ndarray, per_class: list[tuple]) -> np.ndarray:
    best = None
    for mean, prec in per_class:
        d = desc - mean
        s = np.sqrt(np.maximum(np.einsum("nd,de,ne->n", d, prec, d), 0))
        best = s if best is None else np.minimum(best, s)
    return best


def main() -> int:
    from inference.classes import CLASS_KEYS
    from inference.ood import appearance, appearance_score, mahalanobis_score
    from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy, resize_to_model
    from training import data as D
    from training.export import run_onnx
    from training.nonskin import development_set, nonskin_set

    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("--models-dir", default=str(ROOT / "assets" / "models"))
    a = p.parse_args()
    folder = Path(a.models_dir) / a.model
    manifest = json.loads((folder / "manifest.json").read_text())
    spec = PreprocessSpec.from_dict(manifest["preprocess"])
    arrays = dict(np.load(folder / "ood.npz"))
    onnx = (folder / manifest["onnx_file"]).read_bytes()
    cfg = json.loads((Path(a.run) / "config.json").read_text())
    split = D.read_split(Path(a.run) / "split.csv")
    recs = D.records_for(cfg)
    aspec = appearance_spec(spec)
    train = [r for r in recs if split.get(r.image_id) == "train"]
    per_class = fit_class_appearance(
        np.stack([appearance(x) for x in D.load_pixels(train, aspec)]), np.array([r.label for r in train])
    )
    print(f"per-class appearance fit on {len(train)} training lesions", flush=True)

    def scores(raw: np.ndarray, y=None) -> dict:
        pix = np.stack([color_constancy(x, spec) for x in raw]) if aspec != spec else raw
        _, feats = run_onnx(onnx, pix, spec)
        desc = np.stack([appearance(x) for x in raw])
        return {
            "f": mahalanobis_score(feats, arrays),
            "a": appearance_score(desc, arrays),
            "ac": class_appearance_score(desc, per_class),
            "y": y,
        }

    out = {}
    for s in ("val", "test"):
        rs = [r for r in recs if split.get(r.image_id) == s]
        out[s] = scores(D.load_pixels(rs, aspec), np.array([r.label for r in rs]))
        print(f"scored {s}: {len(rs)}", flush=True)
    for name, imgs in (("dev", development_set()), ("eval", nonskin_set())):
        out[name] = scores(np.stack([resize_to_model(img, aspec) for _, img in imgs]))
    v = out["val"]
    w = 1.0 / np.bincount(v["y"], minlength=len(CLASS_KEYS))[v["y"]]
    q = lambda x, b: float(np.quantile(x, 1 - b))  # noqa: E731
    bq = lambda x, b: weighted_quantile(x, w, 1 - b)  # noqa: E731
    ft, at = manifest["ood"]["threshold"], manifest["ood"]["appearance_threshold"]
    variants = {
        "exported": ("a", ft, at),
        "class-balanced limits": ("a", bq(v["f"], 0.02), bq(v["a"], 0.01)),
        "per-class appearance": ("ac", ft, q(v["ac"], 0.01)),
        "per-class appearance, balanced limits": ("ac", bq(v["f"], 0.02), bq(v["ac"], 0.01)),
        "per-class appearance 2 %, features 1 %": ("ac", q(v["f"], 0.01), q(v["ac"], 0.02)),
    }
    for label, (key, fthr, athr) in variants.items():
        row = {"feature_threshold": round(fthr, 2), "appearance_threshold": round(athr, 2)}
        for s in ("val", "test", "dev", "eval"):
            o = out[s]
            rej = (o["f"] > fthr) | (o[key] > athr)
            if o["y"] is None:
                row[f"{s} non-skin refused"] = round(float(rej.mean()), 4)
            else:
                row[f"{s} lesions refused"] = round(float(rej.mean()), 4)
                row[f"{s} per class"] = {CLASS_KEYS[c]: round(float(rej[o["y"] == c].mean()), 3) for c in range(7)}
        print(label, json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
