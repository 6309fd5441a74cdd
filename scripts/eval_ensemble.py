"""Score every bundled model and the ensemble on the lesion-grouped test split, through the app's
own path (decode -> preprocess -> ONNX -> calibrated probabilities -> triage). The split is
recomputed and its sha256 checked against the manifests. Balanced accuracy and malignant AUC come
with 95 % bootstrap intervals (2,000 resamples of lesions).

    .venv/bin/python scripts/eval_ensemble.py [--split test]
    .venv/bin/python scripts/eval_ensemble.py --external ../shared/data/fullres-samples

--external scores a labelled folder from elsewhere instead (labels.csv with file and dx columns),
e.g. the 70 full-size ISIC 2018 test photos: other centres, 10 per class, never trained on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from inference import metrics as M
    from inference.analysis import Analyzer
    from inference.classes import CLASS_KEYS
    from inference.imageio import load_image
    from inference.registry import list_models
    from training import data as D

    p = argparse.ArgumentParser()
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "ham10000-224"))
    p.add_argument("--split", default="test")
    p.add_argument("--external", default=None, help="a folder with labels.csv (file, dx) to score instead")
    p.add_argument("--split-file", help="a run's split.csv (e.g. the all-HAM split) instead of the 224 split")
    p.add_argument("--sharper", help="with --split-file: ham10000-224, used where it has the photo")
    p.add_argument("--models", nargs="*", help="model ids (default: every bundled model and the ensemble)")
    p.add_argument("--detail", action="store_true", help="also per-class refusals, ECE and figures by source")
    a = p.parse_args()
    entries, _ = list_models()
    if a.models:
        entries = [e for e in entries if e.id in a.models]
    if a.external:
        import csv

        root = Path(a.external)
        rows = list(csv.DictReader((root / "labels.csv").open()))
        y = np.array([CLASS_KEYS.index(r["dx"]) for r in rows])
        images = [load_image(root / r["file"]).rgb for r in rows]
        groups = None  # one photo per lesion
        a.split = f"{root.name} ({len(rows)})"
    elif a.split_file:
        records = D.records_for({"data": a.data, "sharper_data": a.sharper})
        assignment = D.read_split(Path(a.split_file))
        recs = [r for r in records if assignment.get(r.image_id) == a.split]
        y = np.array([r.label for r in recs])
        groups = [r.lesion_id for r in recs]
        images = [load_image(r.path).rgb for r in recs]
        sources = np.array([r.meta.get("source", "?") for r in recs])
    else:
        records = D.load_dataset(a.data)
        assignment = D.split_by_lesion(records, seed=42)
        sha = D.write_split(Path(tempfile.mkdtemp()) / "split.csv", records, assignment)
        for e in entries:
            if e.manifest.raw["provenance"]["split_sha256"] != sha:
                print(f"{e.id} was trained on another split; its test figures are not comparable", file=sys.stderr)
        recs = [r for r in records if assignment[r.image_id] == a.split]
        y = np.array([r.label for r in recs])
        groups = [r.lesion_id for r in recs]  # intervals resample whole lesions
        images = [load_image(r.path).rgb for r in recs]
    mal = M.is_malignant_label(y)
    print(
        f"| model | {a.split} bal. acc | acc | malignant AUC | referral sens / spec | urgent sens / spec | "
        "cannot assess |\n|---|---|---|---|---|---|---|"
    )
    keys = [e.id for e in entries] + (["ensemble"] if len(entries) > 1 and not a.models else [])
    if a.models and "ensemble" in a.models:
        keys.append("ensemble")
    details = []
    for key in keys:
        an = Analyzer.load(key, "cpu")
        res = [an.analyze(img) for img in images]
        probs = np.stack([r.probabilities for r in res])
        dw = res[0].decision_weights  # the model's top-class rule (docs/experiments/decision-weights.md)
        rep = M.classification_report(probs, y, groups=groups, ci=True, decision_weights=dw)
        ci = {k: "-".join(f"{v:.3f}" for v in rep["ci95"][k]) for k in rep["ci95"]}
        score = M.malignant_scores(probs)
        rs, rp = M.sens_spec(mal, score, res[0].referral_threshold)
        (rs_lo, rs_hi), (rp_lo, rp_hi) = M.sens_spec_ci(mal, score, res[0].referral_threshold, groups)
        us, up = M.sens_spec(mal, score, res[0].urgent_threshold)
        refused = np.mean([r.triage == "cannot_assess" for r in res])
        print(
            f"| {key} | {rep['balanced_accuracy']:.3f} ({ci['balanced_accuracy']}) | {rep['accuracy']:.3f} | "
            f"{rep['malignant_auc']:.3f} ({ci['malignant_auc']}) | "
            f"{rs:.3f} ({rs_lo:.3f}-{rs_hi:.3f}) / {rp:.3f} ({rp_lo:.3f}-{rp_hi:.3f}) | {us:.2f} / {up:.2f} | "
            f"{refused:.1%} |"
        )
        if a.detail:
            triage = np.array([r.triage for r in res])
            refer = np.isin(triage, ["referral", "urgent_referral", "cannot_assess"])
            lines = [
                f"{key}: ECE {rep['ece']:.3f}; referral incl. refusals sens/spec "
                f"{refer[mal].mean():.3f} / {(~refer[~mal]).mean():.3f}"
            ]
            lines.append(
                "  refused per class: "
                + ", ".join(
                    f"{k} {np.mean(triage[y == i] == 'cannot_assess'):.1%}"
                    for i, k in enumerate(CLASS_KEYS)
                    if (y == i).any()
                )
            )
            lines.append(
                "  recall per class: " + ", ".join(f"{k} {rep['per_class'][k]['recall']:.2f}" for k in CLASS_KEYS)
            )
            if a.split_file:
                for src in sorted(set(sources)):
                    m = sources == src
                    r2 = M.classification_report(probs[m], y[m], decision_weights=dw)
                    lines.append(
                        f"  source {src} (n={m.sum()}): bal. acc {r2['balanced_accuracy']:.3f}, "
                        f"malignant AUC {r2['malignant_auc']:.3f}"
                    )
            details += lines
    print("\n".join(details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
