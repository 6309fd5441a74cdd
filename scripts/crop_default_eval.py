"""Crop to the dermatoscope's lit circle by default? (docs/experiments/ood-balance.md, round 7)

    .venv/bin/python scripts/crop_default_eval.py --run runs/lite0_allham [--report-test] [--external DIR]

Through the app's path (Analyzer.analyze: quality gate, network, not-a-lesion check), each set as
the app takes it today and with every photo cropped to its lit circle when `detect_fov` finds one:
the development and evaluation non-skin sets, validation lesions as stored and through the
training's strong augmentation (2 copies, seed 5, as scripts/ood_robust.py), per-class refusals,
and validation balanced accuracy / malignant AUC. Test and the external folder only when asked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from inference import metrics as M
    from inference.adjust import detect_fov
    from inference.analysis import Analyzer, Settings
    from inference.classes import CLASS_KEYS
    from inference.imageio import load_image
    from inference.preprocess import appearance_spec
    from scripts.ood_robust import augmented
    from training import data as D
    from training.nonskin import development_set, nonskin_set

    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--model", default=None, help="a bundled model id (default: the default model)")
    p.add_argument("--report-test", action="store_true")
    p.add_argument("--external", help="a folder with labels.csv (file, dx), reported")
    a = p.parse_args()
    an = Analyzer.load(a.model, "cpu")
    recs, split = D.load_run(a.run)
    spec = an.classifiers[0].manifest.preprocess

    def part(name):
        return [r for r in recs if split.get(r.image_id) == name]

    def lesions(rs):
        return [load_image(r.path).rgb for r in rs], np.array([r.label for r in rs]), [r.lesion_id for r in rs]

    val = part("val")
    val_imgs, val_y, val_g = lesions(val)
    val_aug = augmented(D.load_pixels(val, appearance_spec(spec)), 2, 5)
    sets = {
        "development non-skin": ([img for _, img in development_set()], None, None),
        "validation": (val_imgs, val_y, val_g),
        "validation augmented": (list(val_aug), np.repeat(val_y, 2), None),
        "evaluation non-skin": ([img for _, img in nonskin_set()], None, None),
    }
    if a.report_test:
        sets["test"] = lesions(part("test"))
    if a.external:
        ext = D.load_dataset(a.external)
        sets[f"external {Path(a.external).name}"] = (
            [load_image(r.path).rgb for r in ext],
            np.array([r.label for r in ext]),
            None,
        )
    for name, (imgs, y, groups) in sets.items():
        for mode in ("as today", "cropped to the lit circle"):
            res, cropped = [], 0
            for img in imgs:
                box = detect_fov(img) if mode != "as today" else None
                cropped += box is not None
                res.append(an.analyze(img, Settings(crop_box=box)))
            refused = np.array([r.triage == "cannot_assess" for r in res])
            line = f"{name} ({len(imgs)}), {mode}: refused {refused.mean():.1%}, cropped {cropped}"
            if y is not None:
                per = [(k, refused[y == i]) for i, k in enumerate(CLASS_KEYS) if (y == i).any()]
                line += "; per class " + ", ".join(f"{k} {v.mean():.1%} ({v.sum()})" for k, v in per)
                probs = np.stack([r.probabilities for r in res])
                rep = M.classification_report(probs, y, groups=groups, decision_weights=res[0].decision_weights)
                line += f"; balanced accuracy {rep['balanced_accuracy']:.4f}, AUC {rep['malignant_auc']:.4f}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
