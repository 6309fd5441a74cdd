"""Export a training run to assets/models/<id>/: model.onnx, classifier.npz (CAM weights),
ood.npz, manifest.json, card.md and report/ (metrics JSON, plots, markdown summary).

Every figure in the manifest is computed from the exported ONNX file through the app's own
preprocessing, on data the model did not train on. Temperature, thresholds and the not-a-lesion
threshold are fitted on the validation split only; the test split is only ever measured.

    python -m training.export --run runs/lite0 --id efficientnet_lite0-ham10000-20261122
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import logging
import os
import platform
from pathlib import Path

import numpy as np
import torch

from inference import metrics as M
from inference.classes import CLASS_KEYS, DISPLAY_NAMES, MALIGNANT
from inference.imageio import load_image
from inference.manifest import INTENDED_USE, SCHEMA_VERSION
from inference.ood import appearance, appearance_score, combined_ratio, pooled
from inference.preprocess import PreprocessSpec, appearance_spec, color_constancy, normalize, resize_to_model
from inference.probs import softmax
from inference.quality import assess
from inference.skin_tone import ita_band, ita_degrees
from training import data as D
from training.models import ExportWrapper, build_model
from training.nonskin import development_set, nonskin_set
from training.ood_fit import (
    choose_appearance_gate,
    choose_threshold,
    fit_appearance,
    fit_class_appearance,
    fit_mahalanobis,
    score,
)

log = logging.getLogger("dermatriage.export")

MALIGNANT_SENSITIVITY = 0.95
URGENT_SPECIFICITY = 0.95
# Not-a-lesion budget on validation lesions: feature distance 2 %, appearance distance 1 % (about
# 3 % together). Chosen with the development set, see training/ood_fit.py.
OOD_FEATURE_FALSE_REJECTION = 0.02
OOD_APPEARANCE_FALSE_REJECTION = 0.01
OOD_METHOD = (
    "feature distance (min class Mahalanobis, 128-d PCA of pooled features) or appearance distance "
    "(min class Mahalanobis of a colour / texture descriptor, one Gaussian per class), both fit on train"
)
# Whether the appearance descriptor leaves out a dermatoscope's dark rim (docs/experiments/ood-balance.md, round 6).
OOD_APPEARANCE_FIELD = False  # round 6 failed the non-skin floor (fundus photos): kept off
OOD_CHOSEN_ON = (
    f"val, class-balanced: on average {OOD_FEATURE_FALSE_REJECTION:.0%} (features) and "
    f"{OOD_APPEARANCE_FALSE_REJECTION:.0%} (appearance) of each class's real lesions rejected"
)
ARCH_NAMES = {"efficientnet_lite0": "EfficientNet-Lite0", "efficientnet_lite2": "EfficientNet-Lite2"}


def export_onnx(model, spec: PreprocessSpec, path: Path) -> None:
    wrapper = ExportWrapper(model).eval()
    dummy = torch.zeros(1, 3, spec.input_size, spec.input_size)
    torch.onnx.export(
        wrapper,
        (dummy,),
        str(path),
        input_names=["input"],
        output_names=["logits", "features"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def run_onnx(onnx_bytes: bytes, pixels: np.ndarray, spec: PreprocessSpec, batch: int = 32):
    import onnxruntime as ort

    sess = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    logits, feats = [], []
    for i in range(0, len(pixels), batch):
        lo, fe = sess.run(["logits", "features"], {"input": normalize(pixels[i : i + batch], spec)})
        logits.append(lo)
        feats.append(pooled(fe))
    return np.concatenate(logits), np.concatenate(feats)


def ita_table(probs, labels, pixels) -> dict:
    """Validation + test metrics by ITA band; says when a band is too small to judge."""
    bands = np.array([ita_band(ita_degrees(p)) for p in pixels])
    out = {}
    for band in sorted(set(bands)):
        m = bands == band
        entry = {"n": int(m.sum())}
        if m.sum() >= 30 and len(set(labels[m])) >= 2:
            rep = M.classification_report(probs[m], labels[m])
            entry.update(
                balanced_accuracy=rep["balanced_accuracy"], accuracy=rep["accuracy"], malignant_auc=rep["malignant_auc"]
            )
        else:
            entry["note"] = "too few images to judge"
        out[band] = entry
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def quality_refused(records) -> np.ndarray:
    """The app's quality gate on each photo as stored (not on the network's resized input: a
    200x150 photo upscaled to 224 px looks blurrier than the photo the app receives)."""
    return np.array([not assess(load_image(r.path).rgb).ok for r in records])


def per_class_rate(flags: np.ndarray, records) -> dict:
    """{class key: share of that class's photos flagged} for the classes present."""
    y = np.array([r.label for r in records])
    return {k: float(flags[y == i].mean()) for i, k in enumerate(CLASS_KEYS) if (y == i).any()}


def triage_thresholds(is_malignant, score) -> tuple[float, float]:
    """Referral and urgent thresholds of the malignant probability, fitted on validation. Referral
    with a margin: the lower confidence bound of validation sensitivity must reach the target (the
    plain rule gave 95 % on validation and 84 % on the test split)."""
    thr = M.threshold_for_sensitivity_bound(is_malignant, score, MALIGNANT_SENSITIVITY)
    return thr, max(thr, M.threshold_for_specificity(is_malignant, score, URGENT_SPECIFICITY))


def ood_figures(ns_ratio, nonskin, test_ratio, test_records, chosen_on: str) -> dict:
    """The not-a-lesion figures of the manifest and card: the check alone (ratio > 1), and what the
    app does (quality gate or check) on the non-skin set and the real test lesions."""
    ns_gate = np.array([not assess(img).ok for _, img in nonskin])
    test_gate = quality_refused(test_records)
    return {
        "method": OOD_METHOD,
        "threshold_chosen_on": chosen_on,
        "nonskin_images": int(len(ns_ratio)),
        "nonskin_rejected": float((ns_ratio > 1).mean()),
        "test_lesions_rejected": float((test_ratio > 1).mean()),
        "auroc_test_vs_nonskin": M.roc_auc(
            np.r_[np.zeros(len(test_ratio)), np.ones(len(ns_ratio))], np.r_[test_ratio, ns_ratio]
        ),
        "pipeline_nonskin_rejected": float(((ns_ratio > 1) | ns_gate).mean()),
        "pipeline_test_lesions_rejected": float(((test_ratio > 1) | test_gate).mean()),
        "pipeline_test_rejected_per_class": per_class_rate((test_ratio > 1) | test_gate, test_records),
        "nonskin_missed": [n for (n, _), r, g in zip(nonskin, ns_ratio, ns_gate, strict=True) if r <= 1 and not g],
    }


def _npz_bytes(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def export_run(
    run: Path,
    model_id: str,
    models_dir: str | Path = "assets/models",
    display_name: str | None = None,
    sign_key: str | Path | None = None,
) -> Path:
    """Export, measure, and sign with `sign_key` (or $DERMATRIAGE_SIGNING_KEY); an unsigned model
    is refused by the app until `python -m training.sign` signs it."""
    run = Path(run)
    cfg = json.loads((run / "config.json").read_text())
    result = json.loads((run / "result.json").read_text()) if (run / "result.json").exists() else {}
    history = json.loads((run / "history.json").read_text()) if (run / "history.json").exists() else []
    spec = PreprocessSpec.from_dict(cfg["preprocess"])
    ck = torch.load(run / "checkpoint_best.pt", map_location="cpu", weights_only=False)
    model = build_model(cfg["arch"], len(CLASS_KEYS), dropout=cfg.get("dropout", 0.2))
    model.load_state_dict(ck["model"])
    model.eval()

    records = D.records_for(cfg)
    split = D.read_split(run / "split.csv")
    by = {s: [r for r in records if split.get(r.image_id) == s] for s in ("train", "val", "test")}
    if cfg.get("max_images"):
        by = {s: D.stratified_head(v, cfg["max_images"]) for s, v in by.items()}
    out = Path(models_dir) / model_id
    out.mkdir(parents=True, exist_ok=True)
    (out / "report").mkdir(exist_ok=True)
    onnx_path = out / "model.onnx"
    export_onnx(model, spec, onnx_path)
    onnx_bytes = onnx_path.read_bytes()

    # Everything below runs the shipped ONNX file through the app's preprocessing.
    # Decoded once as photographed (the appearance check and skin tone read those colours); the
    # network's pixels add the spec's colour constancy.
    aspec = appearance_spec(spec)
    logits, feats, labels, pixels, raw = {}, {}, {}, {}, {}
    for s, recs in by.items():
        raw[s] = D.load_pixels(recs, aspec)
        pixels[s] = np.stack([color_constancy(p, spec) for p in raw[s]]) if aspec != spec else raw[s]
        labels[s] = np.array([r.label for r in recs])
        logits[s], feats[s] = run_onnx(onnx_bytes, pixels[s], spec)
        log.info("ran %s split through ONNX Runtime (%d images)", s, len(recs))

    T = M.fit_temperature(logits["val"], labels["val"])
    probs = {s: softmax(v, T) for s, v in logits.items()}
    raw_probs = {s: softmax(v, 1.0) for s, v in logits.items()}
    mal_val = M.is_malignant_label(labels["val"])
    score_val = M.malignant_scores(probs["val"])
    thr, urgent = triage_thresholds(mal_val, score_val)

    ood_arrays = fit_mahalanobis(feats["train"], labels["train"])
    # Class-balanced limits and per-class appearance Gaussians (scripts/ood_balance.py, issue 14).
    ood_thr = choose_threshold(score(feats["val"], ood_arrays), OOD_FEATURE_FALSE_REJECTION, labels["val"])
    desc = {s: np.stack([appearance(p, OOD_APPEARANCE_FIELD) for p in raw[s]]) for s in ("train", "val", "test")}
    ood_arrays.update(fit_appearance(desc["train"]))
    ood_arrays.update(fit_class_appearance(desc["train"], labels["train"]))
    app_thr = choose_threshold(appearance_score(desc["val"], ood_arrays), OOD_APPEARANCE_FALSE_REJECTION, labels["val"])
    nonskin = nonskin_set()
    ns_raw = [resize_to_model(img, aspec) for _, img in nonskin]
    _, ns_feats = run_onnx(onnx_bytes, np.stack([color_constancy(p, spec) for p in ns_raw]), spec)
    desc["nonskin"] = np.stack([appearance(p, OOD_APPEARANCE_FIELD) for p in ns_raw])
    # Round 8: the appearance counts only above a feature ratio f0 fixed by the development set.
    dev_raw = [resize_to_model(img, aspec) for _, img in development_set()]
    _, dev_feats = run_onnx(onnx_bytes, np.stack([color_constancy(p, spec) for p in dev_raw]), spec)
    dev_desc = np.stack([appearance(p, OOD_APPEARANCE_FIELD) for p in dev_raw])
    dev_app = appearance_score(dev_desc, ood_arrays) / app_thr
    gate = choose_appearance_gate(score(dev_feats, ood_arrays) / ood_thr, dev_app)

    def ratio(f, d):  # > 1: rejected, as in the app
        return combined_ratio(score(f, ood_arrays), ood_thr, appearance_score(d, ood_arrays), app_thr, gate)

    ns_scores, test_scores = ratio(ns_feats, desc["nonskin"]), ratio(feats["test"], desc["test"])
    ood_eval = ood_figures(ns_scores, nonskin, test_scores, by["test"], OOD_CHOSEN_ON)

    metrics = {}
    for s in ("val", "test"):
        lesions = [r.lesion_id for r in by[s]]  # intervals resample whole lesions
        rep = M.classification_report(probs[s], labels[s], groups=lesions, ci=True)
        mal = M.is_malignant_label(labels[s])
        sc = M.malignant_scores(probs[s])
        sens, specf = M.sens_spec(mal, sc, thr)
        usens, uspec = M.sens_spec(mal, sc, urgent)
        rep["ci95"]["malignant_sensitivity"], rep["ci95"]["malignant_specificity"] = M.sens_spec_ci(
            mal, sc, thr, lesions
        )
        rep.update(
            ece_uncalibrated=M.expected_calibration_error(raw_probs[s], labels[s]),
            malignant_sensitivity=sens,
            malignant_specificity=specf,
            urgent_sensitivity=usens,
            urgent_specificity=uspec,
        )
        metrics[s] = rep
    by_source = metrics_by_source(by, probs, labels)
    ita = ita_table(
        np.concatenate([probs["val"], probs["test"]]),
        np.concatenate([labels["val"], labels["test"]]),
        np.concatenate([raw["val"], raw["test"]]),  # skin tone from colours as photographed
    )

    fc = model.classifier
    cam_bytes = _npz_bytes(
        weight=fc.weight.detach().numpy().astype(np.float32), bias=fc.bias.detach().numpy().astype(np.float32)
    )
    (out / "classifier.npz").write_bytes(cam_bytes)
    ood_bytes = _npz_bytes(**ood_arrays)
    (out / "ood.npz").write_bytes(ood_bytes)
    n_params = sum(p.numel() for p in model.parameters())
    arch_name = ARCH_NAMES.get(cfg["arch"], cfg["arch"])
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "id": model_id,
        "display_name": display_name or f"{arch_name} (HAM10000)",
        "version": model_id.rsplit("-", 1)[-1],
        "architecture": cfg["arch"],
        "parameters": int(n_params),
        "onnx_file": "model.onnx",
        "onnx_sha256": _sha(onnx_bytes),
        "input": {
            "name": "input",
            "shape": [None, 3, spec.input_size, spec.input_size],
            "dtype": "float32",
            "layout": "NCHW",
        },
        "outputs": {"logits": "class scores before softmax", "features": "last conv map (N, C, h, w)"},
        "preprocess": spec.to_dict(),
        "classes": [{"key": k, "display_name": DISPLAY_NAMES[k], "malignant": k in MALIGNANT} for k in CLASS_KEYS],
        "cam": {
            "file": "classifier.npz",
            "sha256": _sha(cam_bytes),
            "method": "CAM from features and classifier weights (== Grad-CAM for GAP + linear)",
        },
        "calibration": {
            "temperature": T,
            "fit_on": "val",
            "ece_val_before": metrics["val"]["ece_uncalibrated"],
            "ece_val_after": metrics["val"]["ece"],
            "ece_test_before": metrics["test"]["ece_uncalibrated"],
            "ece_test_after": metrics["test"]["ece"],
        },
        "thresholds": {
            "malignant": thr,
            "urgent": urgent,
            "chosen_on": "val",
            "rule": f"malignant: one-sided 95% lower bound of sensitivity >= {MALIGNANT_SENSITIVITY} on val; "
            f"urgent: specificity >= {URGENT_SPECIFICITY} on val",
        },
        "ood": {
            "file": "ood.npz",
            "sha256": _sha(ood_bytes),
            "threshold": ood_thr,
            "appearance_threshold": app_thr,
            "appearance_field": OOD_APPEARANCE_FIELD,
            "appearance_needs_features": gate,
            **{k: v for k, v in ood_eval.items() if k != "nonskin_missed"},
        },
        "metrics": {"val": _summary(metrics["val"]), "test": _summary(metrics["test"])},
        "metrics_by_ita_band": ita,
        **({"metrics_by_source": by_source} if by_source else {}),
        "training": {
            "epochs_run": len(history),
            "best_epoch": int(ck.get("epoch", -1)),
            "seconds": float(sum(h.get("train_seconds", 0) for h in history)),
            "counts": {s: len(v) for s, v in by.items()},
        },
        "provenance": {
            "git_commit": result.get("git_commit", "unknown"),
            "config": {k: v for k, v in cfg.items() if k not in ("preprocess",)},
            "data_sha256": result.get("data_sha256") or D.data_sha256(sum(by.values(), [])),
            "split_sha256": _sha((run / "split.csv").read_bytes()),
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "torch": torch.__version__,
            "python": platform.python_version(),
        },
        "intended_use": INTENDED_USE,
        # A real test-split image and what the exported model said: a regression check for the
        # whole decode -> preprocess -> ONNX path (tests/test_bundled.py).
        "reference_prediction": {
            "image_id": by["test"][0].image_id,
            "file": by["test"][0].path.name,
            "probabilities": [float(v) for v in probs["test"][0]],
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, default=_json_default) + "\n")
    from training.report import write_card, write_report

    write_report(out / "report", metrics, probs, labels, history, ood_eval, ns_scores, test_scores, 1.0, raw_probs)
    write_card(out / "card.md", manifest, metrics, ood_eval)
    log.info(
        "exported %s: test balanced accuracy %.3f, malignant AUC %.3f",
        model_id,
        metrics["test"]["balanced_accuracy"],
        metrics["test"]["malignant_auc"],
    )
    sign_key = sign_key or os.environ.get("DERMATRIAGE_SIGNING_KEY")
    if sign_key:
        from training.sign import load_key, sign_folder

        sign_folder(out, load_key(sign_key))
    else:
        log.warning("%s is not signed: the app will refuse it until it is (python -m training.sign)", model_id)
    return out


def metrics_by_source(by: dict, probs: dict, labels: dict) -> dict:
    """{source: {val, test}}: the headline figures of each source on its own, when a run trained on
    more than one (other clinics' photos: every figure per source, issue 28). Calibration and
    thresholds stay those fitted on the whole validation split."""
    sources = sorted({D.dataset_of(r) for recs in by.values() for r in recs})
    if len(sources) < 2:
        return {}
    out = {}
    for src in sources:
        out[src] = {}
        for s in ("val", "test"):
            m = np.array([D.dataset_of(r) == src for r in by[s]])
            if m.sum() < 10 or len(set(labels[s][m])) < 2:
                continue
            groups = [r.lesion_id for r, keep in zip(by[s], m, strict=True) if keep]
            rep = M.classification_report(probs[s][m], labels[s][m], groups=groups, ci=True)
            out[src][s] = {k: rep[k] for k in ("n", "balanced_accuracy", "accuracy", "malignant_auc", "ece")}
            out[src][s]["ci95"] = {
                k: rep["ci95"][k] for k in ("balanced_accuracy", "malignant_auc") if k in rep["ci95"]
            }
    return out


def _summary(rep: dict) -> dict:
    from training.report import HEADLINE_METRICS

    out = {k: rep[k] for k in ("n", *HEADLINE_METRICS, "urgent_sensitivity", "urgent_specificity")}
    out["recall_per_class"] = {k: v["recall"] for k, v in rep["per_class"].items()}
    if "ci95" in rep:
        out["ci95"] = rep["ci95"]
    return out


def _json_default(o):
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Export a training run as a bundled model")
    p.add_argument("--run", required=True)
    p.add_argument("--id", required=True, help="model id, <arch>-<data>-<date>")
    p.add_argument("--models-dir", default="assets/models")
    p.add_argument("--display-name")
    p.add_argument("--default", action="store_true", help="make it the app's default model")
    p.add_argument("--sign-key", help="Ed25519 private key (PEM) to sign with (default: $DERMATRIAGE_SIGNING_KEY)")
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    out = export_run(Path(a.run), a.id, a.models_dir, a.display_name, a.sign_key)
    if a.default:
        (Path(a.models_dir) / "DEFAULT").write_text(a.id + "\n")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
