"""Does the not-a-lesion check refuse real lesions photographed differently? (issue 14)

Scores validation lesions as stored and as other cameras might show them (the training's strong
augmentation: scale, rotation, colour, gamma, low resolution, blur, hairs, scope circle, JPEG),
per class, for a model's exported limits. `--fit-augmented K` also fits the two detectors on the
training photos plus K augmented copies of each (limits chosen on plain validation lesions as the
export does) and scores that variant the same way, beside the development and evaluation
non-skin sets. Only validation and the development set are read unless `--report-test`.

    .venv/bin/python scripts/ood_robust.py --run runs/lite0_allham \
        --model efficientnet_lite0-ham10000all-flips2-20261201 --copies 2 --fit-augmented 2
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


GATED = "appearance needs a feature ratio above f0"


def budget_label(budget: float) -> str:
    return f"features {budget:g} % class-balanced, appearance needs a feature ratio above its f0"


def augmented(pixels: np.ndarray, copies: int, seed: int) -> np.ndarray:
    """`copies` strong-augmentation copies of each uint8 HxWx3 photo, in order (photo 0's copies first)."""
    import torch

    from training.engine import train_transform

    torch.manual_seed(seed)
    t = train_transform(pixels.shape[1], "strong")
    out = []
    for x in pixels:
        chw = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))
        out.extend(t(chw).numpy().transpose(1, 2, 0) for _ in range(copies))
    return np.ascontiguousarray(np.stack(out))


def main() -> int:
    from inference.classes import CLASS_KEYS
    from inference.imageio import load_image
    from inference.ood import appearance, appearance_score, combined_ratio, mahalanobis_score
    from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy, resize_to_model
    from training import data as D
    from training.export import run_onnx
    from training.nonskin import development_set, nonskin_set
    from training.ood_fit import (
        choose_appearance_gate,
        choose_threshold,
        fit_appearance,
        fit_class_appearance,
        fit_mahalanobis,
    )

    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("--models-dir", default=str(ROOT / "assets" / "models"))
    p.add_argument("--copies", type=int, default=2, help="augmented copies of each validation photo")
    p.add_argument("--fit-augmented", type=int, default=0, help="K: also fit on train + K copies of each")
    p.add_argument("--appearance-field", action="store_true", help="also: the appearance over the lit field")
    p.add_argument("--report-test", action="store_true", help="also print the test split and eval non-skin set")
    p.add_argument("--floor", action="store_true", help="also print the eval non-skin set (not the test split)")
    p.add_argument("--gate", action="store_true", help="round 8: appearance refusals need a feature ratio > f0")
    p.add_argument(
        "--feature-budgets", type=float, nargs="+", help="round 9 (with --gate): feature limits at these %% budgets"
    )
    p.add_argument("--write-budget", type=float, help="with --gate --write: write the variant of this budget")
    p.add_argument("--external", help="also print a folder of labelled photos from other centres (reported)")
    p.add_argument("--save", help="write the scores (npz) here")
    p.add_argument(
        "--write", action="store_true", help="apply the lit-field variant, or with --gate f0 (needs --report-test)"
    )
    p.add_argument("--sign-key", help="Ed25519 private key (PEM) for --write")
    a = p.parse_args()
    folder = Path(a.models_dir) / a.model
    manifest = json.loads((folder / "manifest.json").read_text())
    spec = PreprocessSpec.from_dict(manifest["preprocess"])
    aspec = appearance_spec(spec)
    arrays = dict(np.load(folder / "ood.npz"))
    onnx = (folder / manifest["onnx_file"]).read_bytes()
    recs, split = D.load_run(a.run)

    field = bool(manifest["ood"].get("appearance_field"))

    def described(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pix = np.stack([color_constancy(x, spec) for x in raw]) if aspec != spec else raw
        desc = np.stack([appearance(x, field) for x in raw])
        lit = np.stack([appearance(x, True) for x in raw]) if a.appearance_field else desc
        return run_onnx(onnx, pix, spec)[1], desc, lit

    parts = {}

    def part(name):
        rs = parts[name] = [r for r in recs if split.get(r.image_id) == name]
        return D.load_pixels(rs, aspec), np.array([r.label for r in rs])

    sets = {}
    val_raw, val_y = part("val")
    sets["val"] = (*described(val_raw), val_y)
    sets["val augmented"] = (*described(augmented(val_raw, a.copies, seed=5)), np.repeat(val_y, a.copies))
    sets["dev non-skin"] = (*described(np.stack([resize_to_model(i, aspec) for _, i in development_set()])), None)
    if a.report_test:
        test_raw, test_y = part("test")
        sets["test"] = (*described(test_raw), test_y)
    if a.report_test or a.floor:
        sets["eval non-skin"] = (*described(np.stack([resize_to_model(i, aspec) for _, i in nonskin_set()])), None)
    if a.external:
        ext = D.load_dataset(a.external)
        pix = np.stack([resize_to_model(load_image(r.path).rgb, aspec) for r in ext])
        sets["external"] = (*described(pix), np.array([r.label for r in ext]))
    print("scored", {k: len(v[0]) for k, v in sets.items()}, flush=True)

    variants = {"exported": (arrays, manifest["ood"]["threshold"], manifest["ood"]["appearance_threshold"], 1)}
    gates = {"exported": 0.0}
    if a.gate:  # round 8: f0 is the largest grid value that keeps the development set 100 % refused
        fthr, athr = manifest["ood"]["threshold"], manifest["ood"]["appearance_threshold"]
        f, d = sets["dev non-skin"][0], sets["dev non-skin"][1]
        rf, ra = mahalanobis_score(f, arrays) / fthr, appearance_score(d, arrays) / athr
        f0 = choose_appearance_gate(rf, ra)
        print(f"round 8 gate: f0 = {f0} (the development set stays 100 % refused)", flush=True)
        if f0 > 0:
            variants[GATED] = (arrays, fthr, athr, 1)
            gates[GATED] = f0
        vf, vy = sets["val"][0], sets["val"][3]
        for b in a.feature_budgets or []:  # round 9: a looser feature limit, f0 fixed again by the dev set
            bthr = choose_threshold(mahalanobis_score(vf, arrays), b / 100, vy)
            bf0 = choose_appearance_gate(mahalanobis_score(f, arrays) / bthr, ra)
            variants[budget_label(b)] = (arrays, bthr, athr, 1)
            gates[budget_label(b)] = bf0
            print(f"round 9: feature budget {b} %: limit {bthr:.2f}, f0 = {bf0}", flush=True)
    if a.fit_augmented:
        train_raw, train_y = part("train")
        raw = np.concatenate([train_raw, augmented(train_raw, a.fit_augmented, seed=3)])
        y = np.concatenate([train_y, np.repeat(train_y, a.fit_augmented)])
        feats, desc, _ = described(raw)
        fitted = {**arrays, **fit_mahalanobis(feats, y), **fit_class_appearance(desc, y)}
        vf, vd, _, vy = sets["val"]
        fthr = choose_threshold(mahalanobis_score(vf, fitted), 0.02, vy)
        athr = choose_threshold(appearance_score(vd, fitted), 0.01, vy)
        variants[f"fit on train + {a.fit_augmented} augmented copies"] = (fitted, fthr, athr, 1)
    if a.appearance_field:  # round 6: the same feature check; appearance Gaussians refit on the lit field
        train_raw, train_y = part("train")
        train_lit = np.stack([appearance(x, True) for x in train_raw])
        lit = {**arrays, **fit_appearance(train_lit), **fit_class_appearance(train_lit, train_y)}
        vf, _, vl, vy = sets["val"]
        athr = choose_threshold(appearance_score(vl, lit), 0.01, vy)
        variants["appearance over the lit field"] = (lit, manifest["ood"]["threshold"], athr, 2)

    table = {}
    for label, (arr, fthr, athr, which) in variants.items():
        row = {"feature_limit": round(float(fthr), 2), "appearance_limit": round(float(athr), 2)}
        for name, s in sets.items():
            f, d, y = s[0], s[which], s[3]
            rf, ra = mahalanobis_score(f, arr) / fthr, appearance_score(d, arr) / athr
            rej = combined_ratio(rf, 1.0, ra, 1.0, gates.get(label, 0.0)) > 1
            if y is None:
                row[name] = {
                    "refused": round(float(rej.mean()), 4),
                    "min ratio": round(float(np.maximum(rf, ra).min()), 2),
                }
            else:
                row[name] = {
                    "refused": round(float(rej.mean()), 4),
                    "by features": round(float((rf > 1).mean()), 4),
                    "by appearance": round(float((ra > 1).mean()), 4),
                    "per class": {CLASS_KEYS[c]: round(float(rej[y == c].mean()), 3) for c in range(7)},
                }
        print(label, json.dumps(row, indent=1), flush=True)
        table[label] = row
    if a.write:  # round 8 (--gate): f0 and its feature limit; round 6: the lit-field appearance
        from scripts.ood_balance import write

        if a.gate:
            chosen = budget_label(a.write_budget) if a.write_budget else GATED
            how = f"scripts/ood_robust.py --gate, applied after export (docs/experiments/ood-balance.md, {chosen})"
            extra = {"appearance_needs_features": gates[chosen]}
        else:
            chosen = "appearance over the lit field"
            how, extra = "scripts/ood_robust.py --appearance-field, applied after export", {"appearance_field": True}
        arr, fthr, athr, which = variants[chosen]

        def scored(s):  # feature and appearance scores of a set, with the variant's descriptor
            return {"f": mahalanobis_score(s[0], arr), "ac": appearance_score(s[which], arr)}

        out = {"eval": scored(sets["eval non-skin"]), "test": {**scored(sets["test"]), "recs": parts["test"]}}
        write(folder, manifest, arr, (None, fthr, athr), out, table, a.sign_key, "ood_robust.json", how, extra)
    if a.save:
        np.savez(a.save, **{f"{k}:{i}": v for k, s in sets.items() for i, v in enumerate(s) if v is not None})
    return 0


if __name__ == "__main__":
    sys.exit(main())
