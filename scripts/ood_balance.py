"""Not-a-lesion limits that are fair to rare classes (issue 14), for an exported model.

The exported limits reject 2 % (features) and 1 % (appearance) of *all* validation lesions, so the
refusals fall on the classes the single Gaussians fit worst (dermatofibromas, vascular lesions).
Variants compared here, chosen only on validation lesions and the development non-skin set
(training/nonskin.development_set); the evaluation non-skin set and the test split are reported:

- class-balanced limits: the budget is the mean of the per-class refusal rates on validation;
- per-class appearance: the appearance distance is the smallest Mahalanobis distance to a
  Gaussian per class (fit on train, covariance shrunk toward the pooled one), not to one Gaussian.

The rule and the result: docs/experiments/ood-balance.md. `--write --sign-key KEY` applies the picked variant.

    .venv/bin/python scripts/ood_balance.py --run runs/lite0_allham \
        --model efficientnet_lite0-ham10000all-flips2-20261201
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from inference.classes import CLASS_KEYS
    from inference.ood import appearance, appearance_score, mahalanobis_score
    from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy, resize_to_model
    from training import data as D
    from training.export import run_onnx
    from training.nonskin import development_set, nonskin_set
    from training.ood_fit import choose_threshold, fit_class_appearance

    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("--models-dir", default=str(ROOT / "assets" / "models"))
    p.add_argument("--write", action="store_true", help=f"apply '{PICKED}' to the model and sign it")
    p.add_argument("--sign-key", help="Ed25519 private key (PEM) for --write")
    a = p.parse_args()
    folder = Path(a.models_dir) / a.model
    manifest = json.loads((folder / "manifest.json").read_text())
    spec = PreprocessSpec.from_dict(manifest["preprocess"])
    arrays = dict(np.load(folder / "ood.npz"))
    onnx = (folder / manifest["onnx_file"]).read_bytes()
    recs, split = D.load_run(a.run)
    aspec = appearance_spec(spec)
    field = bool(manifest["ood"].get("appearance_field"))  # the descriptor its Gaussians were fitted on
    train = [r for r in recs if split.get(r.image_id) == "train"]
    per_class = {
        **arrays,
        **fit_class_appearance(
            np.stack([appearance(x, field) for x in D.load_pixels(train, aspec)]), np.array([r.label for r in train])
        ),
    }
    print(f"per-class appearance fit on {len(train)} training lesions", flush=True)

    def scores(raw: np.ndarray, y=None) -> dict:
        pix = np.stack([color_constancy(x, spec) for x in raw]) if aspec != spec else raw
        _, feats = run_onnx(onnx, pix, spec)
        desc = np.stack([appearance(x, field) for x in raw])
        return {
            "f": mahalanobis_score(feats, arrays),
            "a": appearance_score(desc, arrays),
            "ac": appearance_score(desc, per_class),
            "raw": raw,
            "y": y,
        }

    out = {}
    for s in ("val", "test"):
        rs = [r for r in recs if split.get(r.image_id) == s]
        out[s] = scores(D.load_pixels(rs, aspec), np.array([r.label for r in rs])) | {"recs": rs}
        print(f"scored {s}: {len(rs)}", flush=True)
    for name, imgs in (("dev", development_set()), ("eval", nonskin_set())):
        out[name] = scores(np.stack([resize_to_model(img, aspec) for _, img in imgs]))
    v = out["val"]
    q = lambda x, b: choose_threshold(x, b)  # noqa: E731
    bq = lambda x, b: choose_threshold(x, b, v["y"])  # noqa: E731
    ft, at = manifest["ood"]["threshold"], manifest["ood"]["appearance_threshold"]
    variants = {
        "exported": ("a", ft, at),
        "class-balanced limits": ("a", bq(v["f"], 0.02), bq(v["a"], 0.01)),
        "per-class appearance": ("ac", ft, q(v["ac"], 0.01)),
        "per-class appearance, balanced limits": ("ac", bq(v["f"], 0.02), bq(v["ac"], 0.01)),
        "per-class appearance 2 %, features 1 %": ("ac", q(v["f"], 0.01), q(v["ac"], 0.02)),
    }
    table = {}
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
        table[label] = row
    if a.write:
        write(folder, manifest, per_class, variants[PICKED], out, table, a.sign_key)
    return 0


PICKED = "per-class appearance, balanced limits"


def write(
    folder: Path,
    manifest: dict,
    arrays: dict,
    picked,
    out: dict,
    table: dict,
    sign_key: str,
    table_file: str = "ood_balance.json",
    how: str = "scripts/ood_balance.py, applied after export",
    extra: dict | None = None,
) -> None:
    """Apply the picked limits to the exported model: ood.npz, manifest, report, card, signature.
    `out` holds the evaluation non-skin set ("eval") and the test split ("test"): feature
    scores "f", appearance scores "ac" and, for the test split, its records "recs"."""
    import hashlib

    from inference.ood import combined_ratio
    from training.export import OOD_CHOSEN_ON, _npz_bytes, ood_figures
    from training.nonskin import nonskin_set
    from training.report import write_card
    from training.sign import load_key, sign_folder

    _, fthr, athr = picked
    ns, te = out["eval"], out["test"]
    gate = (extra or {}).get("appearance_needs_features", 0.0)
    ns_r = combined_ratio(ns["f"], fthr, ns["ac"], athr, gate)
    te_r = combined_ratio(te["f"], fthr, te["ac"], athr, gate)
    chosen = OOD_CHOSEN_ON + f" ({how})"
    ood_eval = ood_figures(ns_r, nonskin_set(), te_r, te["recs"], chosen)
    missed = ood_eval.pop("nonskin_missed")
    data = _npz_bytes(**arrays)
    (folder / "ood.npz").write_bytes(data)
    manifest["ood"].update(
        {
            "sha256": hashlib.sha256(data).hexdigest(),
            "threshold": fthr,
            "appearance_threshold": athr,
            **(extra or {}),
            **ood_eval,
        }
    )
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    report = json.loads((folder / "report" / "metrics.json").read_text())
    report["ood"] = {**ood_eval, "nonskin_missed": missed}
    (folder / "report" / "metrics.json").write_text(json.dumps(report, indent=2) + "\n")
    (folder / "report" / table_file).write_text(json.dumps(table, indent=1) + "\n")
    write_card(folder / "card.md", manifest, report["metrics"], ood_eval)
    sign_folder(folder, load_key(sign_key))
    print("wrote and signed", folder, json.dumps(ood_eval), flush=True)


if __name__ == "__main__":
    sys.exit(main())
