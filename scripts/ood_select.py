"""How the not-a-lesion method was chosen: variants compared on the *development* non-skin set
(training/nonskin.py: development_set) against validation lesions. The evaluation set
(nonskin_set) and the test split are not touched here.

    .venv/bin/python scripts/ood_select.py [--model ID]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    import onnxruntime as ort

    from inference import metrics as M
    from inference.ood import appearance, appearance_score, combined_ratio, mahalanobis_score
    from inference.preprocess import normalize, resize_to_model
    from inference.registry import default_model_id, find_model, verify
    from training import data as D
    from training.nonskin import development_set
    from training.ood_fit import choose_threshold, fit_appearance, fit_mahalanobis

    p = argparse.ArgumentParser()
    p.add_argument("--model", default=None)
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "ham10000-224"))
    a = p.parse_args()
    vm = verify(find_model(a.model or default_model_id()))
    spec = vm.manifest.preprocess
    sess = ort.InferenceSession(vm.onnx_bytes, providers=["CPUExecutionProvider"])
    records = D.load_dataset(a.data)
    split = D.split_by_lesion(records, seed=42)  # the bundled models' split (its sha is in the manifests)
    pix = {s: D.load_pixels([r for r in records if split.get(r.image_id) == s], spec) for s in ("train", "val")}
    labels = np.array([r.label for r in records if split.get(r.image_id) == "train"])
    pix["dev"] = np.stack([resize_to_model(img, spec) for _, img in development_set()])

    def pooled(x):
        out = {"mean": [], "meanstd": [], "meanmax": []}
        for i in range(0, len(x), 32):
            f = sess.run(["features"], {vm.manifest.input_name: normalize(x[i : i + 32], spec)})[0]
            m = f.mean((2, 3))
            out["mean"].append(m)
            out["meanstd"].append(np.concatenate([m, f.std((2, 3))], 1))
            out["meanmax"].append(np.concatenate([m, f.max((2, 3))], 1))
        return {k: np.concatenate(v) for k, v in out.items()}

    feats = {s: pooled(x) for s, x in pix.items()}
    desc = {s: np.stack([appearance(x) for x in pix[s]]) for s in pix}
    app = fit_appearance(desc["train"])
    a_sc = {s: appearance_score(desc[s], app) for s in ("val", "dev")}
    print("| variant | dev AUROC | dev rejected | val lesions rejected |\n|---|---|---|---|")
    for kind in ("mean", "meanstd", "meanmax"):
        for dims in (64, 128, 256):
            arr = fit_mahalanobis(feats["train"][kind], labels, dims=dims)
            sv, sd = (mahalanobis_score(feats[s][kind], arr) for s in ("val", "dev"))
            thr = choose_threshold(sv, 0.03)
            auc = M.roc_auc(np.r_[np.zeros(len(sv)), np.ones(len(sd))], np.r_[sv, sd])
            print(f"| features {kind}, {dims}-d, 3 % | {auc:.4f} | {np.mean(sd > thr):.1%} | {np.mean(sv > thr):.1%} |")
            if kind == "mean" and dims == 128:
                ft, at = choose_threshold(sv, 0.02), choose_threshold(a_sc["val"], 0.01)
                rv, rd = combined_ratio(sv, ft, a_sc["val"], at), combined_ratio(sd, ft, a_sc["dev"], at)
                auc = M.roc_auc(np.r_[np.zeros(len(rv)), np.ones(len(rd))], np.r_[rv, rd])
                row = f"| {auc:.4f} | {np.mean(rd > 1):.1%} | {np.mean(rv > 1):.1%} |"
                print("| features mean 128-d 2 % + appearance 1 % " + row)
    auc = M.roc_auc(np.r_[np.zeros(len(a_sc["val"])), np.ones(len(a_sc["dev"]))], np.r_[a_sc["val"], a_sc["dev"]])
    at = choose_threshold(a_sc["val"], 0.03)
    print(f"| appearance alone, 3 % | {auc:.4f} | {np.mean(a_sc['dev'] > at):.1%} | {np.mean(a_sc['val'] > at):.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
