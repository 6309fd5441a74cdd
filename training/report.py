"""Per-run evidence: metrics.json, PNG plots, report.md; and the model card shown in the app."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from inference import metrics as M
from inference.classes import CLASS_KEYS

# The metrics of the report's table; the manifest keeps these plus n and the urgent-referral pair.
HEADLINE_METRICS = (
    "balanced_accuracy",
    "accuracy",
    "top2_accuracy",
    "macro_f1",
    "malignant_auc",
    "malignant_sensitivity",
    "malignant_specificity",
    "ece_uncalibrated",
    "ece",
)


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    _plt().close(fig)


def plot_confusion(cm, path: Path, title: str) -> None:
    plt = _plt()
    cm = np.asarray(cm)
    norm = cm / np.maximum(cm.sum(1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(cm)):
        for j in range(len(cm)):
            ax.text(
                j,
                i,
                f"{cm[i, j]}",
                ha="center",
                va="center",
                color="white" if norm[i, j] > 0.5 else "black",
                fontsize=8,
            )
    ax.set_xticks(range(len(CLASS_KEYS)), CLASS_KEYS)
    ax.set_yticks(range(len(CLASS_KEYS)), CLASS_KEYS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    _save(fig, path)


def plot_roc(probs, labels, path: Path, title: str) -> None:
    plt = _plt()
    fig, axes = plt.subplots(1, 2, figsize=(11, 5))
    for i, k in enumerate(CLASS_KEYS):
        y = labels == i
        if y.any() and not y.all():
            fpr, tpr, _ = M.roc_curve(y, probs[:, i])
            axes[0].plot(fpr, tpr, label=f"{k} (AUC {M.auc(fpr, tpr):.2f})")
    axes[0].set_title(f"{title}: per class")
    mal = M.is_malignant_label(labels)
    fpr, tpr, _ = M.roc_curve(mal, M.malignant_scores(probs))
    axes[1].plot(fpr, tpr, color="crimson", label=f"malignant vs benign (AUC {M.auc(fpr, tpr):.3f})")
    axes[1].set_title(f"{title}: malignant vs benign")
    for ax in axes:
        ax.plot([0, 1], [0, 1], "k:", lw=0.8)
        ax.set_xlabel("false-positive rate")
        ax.set_ylabel("true-positive rate")
        ax.legend(fontsize=8, loc="lower right")
    _save(fig, path)


def plot_reliability(raw, cal, labels, path: Path) -> None:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 5))
    for probs, name in ((raw, "before"), (cal, "after temperature scaling")):
        rows = M.reliability_bins(probs, labels)
        ece = M.expected_calibration_error(probs, labels)
        ax.plot([r[1] for r in rows], [r[2] for r in rows], "o-", label=f"{name} (ECE {ece:.3f})")
    ax.plot([0, 1], [0, 1], "k:", lw=0.8)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title("Reliability (test split)")
    ax.legend(fontsize=8)
    _save(fig, path)


def plot_history(history, path: Path) -> None:
    plt = _plt()
    if not history:
        return
    ep = [h["epoch"] for h in history]
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    ax[0].plot(ep, [h["train_loss"] for h in history], "o-")
    ax[0].set_title("training loss")
    ax[1].plot(ep, [h["val_balanced_accuracy"] for h in history], "o-", label="val balanced accuracy")
    ax[1].plot(ep, [h["val_accuracy"] for h in history], "s--", label="val accuracy")
    ax[1].legend(fontsize=8)
    for a in ax:
        a.set_xlabel("epoch")
    _save(fig, path)


def plot_ood(test_scores, ns_scores, thr, path: Path) -> None:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    bins = np.linspace(0, max(np.max(ns_scores), np.max(test_scores)) * 1.05, 60)
    ax.hist(test_scores, bins, alpha=0.6, label="real lesions (test)", density=True)
    ax.hist(ns_scores, bins, alpha=0.6, label="non-skin photos", density=True)
    ax.axvline(thr, color="k", ls="--", label="limit (from val)")
    ax.set_xlabel("not-a-lesion score (largest distance / its limit; > 1 rejected)")
    ax.legend(fontsize=8)
    _save(fig, path)


def with_ci(metrics: dict, key: str) -> str:
    """' (95 % CI 0.86-0.91)' when the metrics carry a bootstrap interval for `key`."""
    ci = metrics.get("ci95", {}).get(key)
    return f" (95 % CI {ci[0]:.3f}-{ci[1]:.3f})" if ci else ""


def write_report(
    folder: Path, metrics, probs, labels, history, ood_eval, ns_scores, test_scores, ood_thr, raw_probs
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(
        json.dumps({"metrics": metrics, "ood": ood_eval, "history": history}, indent=2, default=float)
    )
    plot_confusion(metrics["test"]["confusion_matrix"], folder / "confusion_test.png", "Test split")
    plot_roc(probs["test"], labels["test"], folder / "roc_test.png", "Test")
    plot_reliability(raw_probs["test"], probs["test"], labels["test"], folder / "reliability_test.png")
    plot_history(history, folder / "learning_curves.png")
    plot_ood(test_scores, ns_scores, ood_thr, folder / "ood_scores.png")
    t = metrics["test"]
    lines = [
        "# Evaluation report",
        "",
        "All figures from the exported ONNX model on the lesion-grouped "
        "test split (never used for fitting or choosing anything).",
        "",
        "| metric | test | val |",
        "|---|---|---|",
    ]
    for k in HEADLINE_METRICS:
        lines.append(f"| {k} | {t[k]:.3f}{with_ci(t, k)} | {metrics['val'][k]:.3f}{with_ci(metrics['val'], k)} |")
    lines += ["", "| class | precision | recall | F1 | specificity | AUC | n |", "|---|---|---|---|---|---|---|"]
    for k, v in t["per_class"].items():
        lines.append(
            f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | "
            f"{v['specificity']:.3f} | {v['auc']:.3f} | {v['support']} |"
        )
    lines += [
        "",
        "![confusion](confusion_test.png) ![roc](roc_test.png)",
        "![reliability](reliability_test.png) ![curves](learning_curves.png)",
        "![ood](ood_scores.png)",
        "",
    ]
    (folder / "report.md").write_text("\n".join(lines))


def write_card(path: Path, manifest: dict, metrics: dict, ood_eval: dict) -> None:
    t, v = metrics["test"], metrics["val"]
    thr = manifest["thresholds"]
    cal = manifest["calibration"]
    ood = manifest["ood"]
    c = manifest["training"]["counts"]
    lines = [
        f"# {manifest['display_name']}",
        "",
        f"**Model id** `{manifest['id']}` · architecture {manifest['architecture']} · "
        f"{manifest['parameters'] / 1e6:.1f} M parameters · input {manifest['preprocess']['input_size']} px",
        "",
        "## Intended use",
        manifest["intended_use"],
        "",
        "Decision support only: the result must be confirmed by a clinician. It is not a diagnosis.",
        "",
        "## Training data",
        f"HAM10000 (Tschandl et al. 2018, CC BY-NC 4.0): dermoscopic images of pigmented lesions from "
        f"Vienna and Queensland, split by lesion (all photos of a lesion in the same part): {c['train']} train / "
        f"{c['val']} validation / {c['test']} test photos. ImageNet-pretrained start where the architecture "
        "allows it.",
        "",
        "## Performance (test split, never used for fitting)",
        "| metric | value |",
        "|---|---|",
        f"| balanced accuracy (mean per-class recall) | "
        f"{t['balanced_accuracy']:.3f}{with_ci(t, 'balanced_accuracy')} |",
        f"| accuracy (flattered by 72 % naevi) | {t['accuracy']:.3f} |",
        f"| malignant vs benign AUC | {t['malignant_auc']:.3f}{with_ci(t, 'malignant_auc')} |",
        f"| malignant sensitivity / specificity at the shipped threshold | "
        f"{t['malignant_sensitivity']:.3f}{with_ci(t, 'malignant_sensitivity')} / "
        f"{t['malignant_specificity']:.3f}{with_ci(t, 'malignant_specificity')} |",
        f"| urgent-referral sensitivity / specificity | {t['urgent_sensitivity']:.3f} / "
        f"{t['urgent_specificity']:.3f} |",
        f"| expected calibration error before / after temperature scaling | "
        f"{cal['ece_test_before']:.3f} / {cal['ece_test_after']:.3f} |",
        f"| non-skin photos answered 'cannot assess' ({ood['nonskin_images']} images; quality gate + "
        f"not-a-lesion check) | {ood['pipeline_nonskin_rejected']:.1%} |",
        "| real test lesions wrongly answered 'cannot assess' (quality gate on the photos as stored + "
        f"not-a-lesion check) | {ood['pipeline_test_lesions_rejected']:.1%} |",
        *(
            [
                "| the same by class | "
                + ", ".join(f"{k} {v:.1%}" for k, v in ood["pipeline_test_rejected_per_class"].items())
                + " |"
            ]
            if ood.get("pipeline_test_rejected_per_class")
            else []
        ),
        f"| not-a-lesion check alone: non-skin rejected / real test lesions rejected / AUROC | "
        f"{ood['nonskin_rejected']:.1%} / {ood['test_lesions_rejected']:.1%} / {ood['auroc_test_vs_nonskin']:.3f} |",
        "",
        f"Validation balanced accuracy {v['balanced_accuracy']:.3f}. Per-class recall on test: "
        + ", ".join(f"{k} {r['recall']:.2f}" for k, r in t["per_class"].items())
        + ".",
        "",
        "## Triage rule",
        f"Probabilities are calibrated with temperature T = {cal['temperature']:.3f} (fitted on validation).",
        f"- **cannot assess**: image-quality gate failed, or the photo is not a skin lesion "
        f"(feature distance > {ood['threshold']:.2f}"
        + (f" or appearance distance > {ood['appearance_threshold']:.2f}" if "appearance_threshold" in ood else "")
        + (
            f", the appearance counting only where the feature distance is above "
            f"{ood['appearance_needs_features']:.0%} of its limit"
            if ood.get("appearance_needs_features")
            else ""
        )
        + ").",
        f"- **urgent referral**: malignant probability (mel + bcc + akiec) >= {thr['urgent']:.3f} "
        f"(validation specificity >= 0.95).",
        f"- **referral**: malignant probability >= {thr['malignant']:.3f} (validation sensitivity "
        ">= 0.95), or the bundled models disagree.",
        "- **monitor**: otherwise. Any change in the lesion still warrants a visit.",
        "",
        "## By skin tone (Individual Typology Angle, validation + test)",
        "| ITA band | images | balanced accuracy | malignant AUC |",
        "|---|---|---|---|",
    ]
    for band, e in manifest["metrics_by_ita_band"].items():
        if "note" in e:
            lines.append(f"| {band} | {e['n']} | {e['note']} | |")
        else:
            lines.append(f"| {band} | {e['n']} | {e['balanced_accuracy']:.3f} | {e['malignant_auc']:.3f} |")
    lines += [
        "",
        "## Known limits",
        "- HAM10000 comes from two centres with mostly light skin: performance on darker skin types "
        "is unknown (see the table above; dark bands have too few images to judge).",
        "- Dermoscopic photos only; clinical (non-dermoscopic) phone photos are out of scope, and the "
        "not-a-lesion check, fit on dermoscopic photos, refuses more of them (not measured: no such "
        "photos here).",
        "- Rare classes (df, vasc) have few test images, so their figures are uncertain.",
        "- Mucosal, nail, scalp and paediatric lesions are under-represented.",
        "- The not-a-lesion check was evaluated on generic photos (faces, rooms, documents, "
        "histology, fundus); unusual photos can still slip through. Its thresholds let 2-3 % of all "
        "validation lesions be refused, 72 % of which are naevi: lesions of rare classes from other "
        "centres (dermatofibroma, vascular lesions, basal cell carcinoma) are refused far more often "
        "(3-4 in 10 of the 70 ISIC 2018 test photos tried with the default model); a refusal means refer.",
        "",
        "## Provenance",
        f"git commit `{manifest['provenance']['git_commit']}`, data sha256 "
        f"`{manifest['provenance']['data_sha256'][:16]}...`, split sha256 "
        f"`{manifest['provenance']['split_sha256'][:16]}...`. Full report in report/report.md.",
        "",
    ]
    path.write_text("\n".join(lines))
