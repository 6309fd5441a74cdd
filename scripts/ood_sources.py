"""The not-a-lesion check across clinics (issue 28, part 3): how many real lesions of a source the
check was NOT fitted on does it refuse, with the non-skin photos still refused?

    .venv/bin/python scripts/ood_sources.py --run runs/lite0_allham --model ID [--cache runs/ood_cache.npz]

Runs the model's ONNX once over HAM10000 train / val, isic2017 (all of it: the left-out source),
the non-skin evaluation set and the development set (cached), then refits the check's references
on HAM10000 train only under each variant of the appearance descriptor and prints, per variant:
lesions refused on HAM10000 val (where the limits are chosen), isic2017 refused (left out), and
non-skin refused (evaluation set, the 99 % floor) - feature and appearance distance as in the app.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ISIC = ROOT.parent / "shared" / "data" / "isic2017-256"


def collect(run: Path, model_dir: Path) -> dict:
    from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy, resize_to_model
    from training import data as D
    from training.export import run_onnx
    from training.nonskin import development_set, nonskin_set

    manifest = json.loads((model_dir / "manifest.json").read_text())
    spec = PreprocessSpec.from_dict(manifest["preprocess"])
    aspec = appearance_spec(spec)
    onnx = (model_dir / "model.onnx").read_bytes()
    records, split = D.load_run(run)
    sets = {s: [r for r in records if split.get(r.image_id) == s] for s in ("train", "val")}
    sets["isic"] = D.load_isic2017(ISIC)
    out = {}
    for name, recs in sets.items():
        raw = D.load_pixels(recs, aspec)
        out[f"{name}_raw"] = raw
        out[f"{name}_labels"] = np.array([r.label for r in recs])
    for name, photos in (("nonskin", nonskin_set()), ("dev", development_set())):
        out[f"{name}_raw"] = np.stack([resize_to_model(img, aspec) for _, img in photos])
    for name in ("train", "val", "isic", "nonskin", "dev"):
        raw = out[f"{name}_raw"]
        cc = np.stack([color_constancy(p, spec) for p in raw])
        out[f"{name}_logits"], out[f"{name}_feats"] = run_onnx(onnx, cc, spec)
        print(f"ran {name}: {len(raw)} photos", flush=True)
    return out


CAMERA = {  # gamma, per-channel gain, contrast, vignette depth
    "camera_aug": ((0.6, 1.6), (0.8, 1.25), (0.75, 1.25), 0.35),
    "camera_aug_mild": ((0.8, 1.25), (0.9, 1.1), (0.9, 1.1), 0.2),
}


def camera_change(raw: np.ndarray, variant: str = "camera_aug", seed: int = 0) -> np.ndarray:
    """Each photo as another camera might have taken it: gamma, per-channel gains, contrast, vignette."""
    (g0, g1), (k0, k1), (c0, c1), vig = CAMERA[variant]
    rng = np.random.default_rng(seed)
    n, h, w, _ = raw.shape
    yy, xx = np.mgrid[:h, :w]
    r2 = ((yy - h / 2) ** 2 + (xx - w / 2) ** 2) / (h * h / 4)
    out = np.empty_like(raw)
    for i in range(n):
        x = raw[i].astype(np.float32) / 255.0
        x = x ** rng.uniform(g0, g1)
        x = x * rng.uniform(k0, k1, 3)
        m = x.mean()
        x = (x - m) * rng.uniform(c0, c1) + m
        x = x * (1 - rng.uniform(0, vig) * np.clip(r2, 0, 2)[..., None] / 2)
        out[i] = np.clip(x * 255 + 0.5, 0, 255).astype(np.uint8)
    return out


def descriptors(raw: np.ndarray, variant: str, spec) -> np.ndarray:
    from inference.ood import appearance
    from inference.preprocess import color_constancy

    if variant == "constancy":  # described after Shades of Gray: another camera's white balance undone
        raw = np.stack([color_constancy(p, spec) for p in raw])
    d = np.stack([appearance(p) for p in raw])
    return d


def reference_descriptors(c: dict, variant: str, spec) -> tuple[np.ndarray, np.ndarray]:
    """What the appearance Gaussians are fitted on: the training photos (and, for camera_aug, one
    copy of each under a random camera change)."""
    d = descriptors(c["train_raw"], variant, spec)
    if variant not in CAMERA:
        return d, c["train_labels"]
    aug = descriptors(camera_change(c["train_raw"], variant), variant, spec)
    return np.concatenate([d, aug]), np.concatenate([c["train_labels"], c["train_labels"]])


def evaluate(c: dict, variant: str, spec) -> dict:
    from inference.ood import appearance_score, combined_ratio
    from training.export import OOD_APPEARANCE_FALSE_REJECTION, OOD_FEATURE_FALSE_REJECTION
    from training.ood_fit import (
        choose_appearance_gate,
        choose_threshold,
        fit_appearance,
        fit_class_appearance,
        fit_mahalanobis,
        score,
    )

    arrays = fit_mahalanobis(c["train_feats"], c["train_labels"])
    f_thr = choose_threshold(score(c["val_feats"], arrays), OOD_FEATURE_FALSE_REJECTION, c["val_labels"])
    desc = {n: descriptors(c[f"{n}_raw"], variant, spec) for n in ("val", "isic", "nonskin", "dev")}
    ref, ref_labels = reference_descriptors(c, variant, spec)
    arrays.update(fit_appearance(ref))
    arrays.update(fit_class_appearance(ref, ref_labels))
    a_thr = choose_threshold(appearance_score(desc["val"], arrays), OOD_APPEARANCE_FALSE_REJECTION, c["val_labels"])
    gate = choose_appearance_gate(score(c["dev_feats"], arrays) / f_thr, appearance_score(desc["dev"], arrays) / a_thr)
    row = {"variant": variant, "gate": gate}
    for n in ("val", "isic", "nonskin"):
        rf = score(c[f"{n}_feats"], arrays) / f_thr
        ra = appearance_score(desc[n], arrays) / a_thr
        both = combined_ratio(rf, 1.0, ra, 1.0, gate)
        row[n] = float((both > 1).mean())
        row[f"{n}_features_only"] = float((rf > 1).mean())
    return row


def main() -> int:
    from inference.preprocess import PreprocessSpec

    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--cache", default="runs/ood_sources_cache.npz")
    p.add_argument("--variants", nargs="+", default=["as_today", "constancy"])
    a = p.parse_args()
    model_dir = ROOT / "assets" / "models" / a.model
    cache = Path(a.cache)
    c = dict(np.load(cache)) if cache.exists() else collect(Path(a.run), model_dir)
    if not cache.exists():
        np.savez(cache, **c)
    spec = PreprocessSpec.from_dict(json.loads((model_dir / "manifest.json").read_text())["preprocess"])
    print("| variant | gate f0 | HAM10000 val refused | isic2017 refused (left out) | non-skin refused | "
          "features alone: val / isic2017 / non-skin |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for v in a.variants:
        r = evaluate(c, v, spec)
        alone = " / ".join(f"{r[k + '_features_only']:.1%}" for k in ("val", "isic", "nonskin"))
        print(f"| {v} | {r['gate']:.1f} | {r['val']:.1%} | {r['isic']:.1%} | {r['nonskin']:.1%} | {alone} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
