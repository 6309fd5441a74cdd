"""Give a model test-time views (the photo and its mirror images) and refit what depends on them,
on validation only (docs/experiments/tta.md, docs/experiments/distill.md):

    .venv/bin/python scripts/set_views.py --model ID --run runs/lite0_distill --flips 2 [--write --sign-key KEY]

The referral and urgent thresholds are refit for the view-averaged probabilities with the export's
rules (the one-sided 95 % lower bound of validation sensitivity >= 0.95; validation specificity
>= 0.95). Fit the decision weights afterwards (scripts/fit_decision_weights.py), since they are
chosen on the same probabilities. The test split is not read.
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
    from inference import metrics as M
    from inference.classifier import OnnxClassifier
    from inference.registry import find_model, verify
    from training import data as D
    from training.distill import model_probabilities
    from training.export import triage_thresholds

    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True, help="the run folder (config.json, split.csv)")
    p.add_argument("--flips", type=int, required=True, choices=[1, 2, 4])
    p.add_argument("--write", action="store_true")
    p.add_argument("--sign-key")
    a = p.parse_args()
    records, split = D.load_run(a.run)
    val = [r for r in records if split.get(r.image_id) == "val"]
    entry = find_model(a.model)
    clf = OnnxClassifier(verify(entry), device="cpu")
    probs = model_probabilities(clf, D.load_pixels(val, clf.manifest.preprocess), flips=a.flips)
    mal, score = M.is_malignant_label(np.array([r.label for r in val])), M.malignant_scores(probs)
    thr, urgent = triage_thresholds(mal, score)
    sens, spec = M.sens_spec(mal, score, thr)
    print(f"{a.flips} views: referral threshold {thr:.4f} (validation {sens:.3f} / {spec:.3f}), urgent {urgent:.4f}")
    if a.write:
        from training.sign import load_key, sign_folder

        manifest = json.loads((entry.folder / "manifest.json").read_text())
        manifest["calibration"]["test_time_flips"] = a.flips
        manifest["thresholds"]["malignant"] = float(thr)
        manifest["thresholds"]["urgent"] = float(urgent)
        (entry.folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        sign_folder(entry.folder, load_key(a.sign_key))
        print("wrote and signed", entry.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
