"""Model info for a clinician (issue 31.14): what a model was trained on, how good it is (one table
with intervals, its test split beside photos from other clinics) and where it is weak, read from
its signed manifest; the full model card follows for whoever wants the detail."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.i18n import class_name

COLUMNS = ("balanced_accuracy", "malignant_auc", "referral_sensitivity", "referral_specificity", "cannot_assess")


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files a bare tr() under the empty context


def _cell(fig: dict | None, percent: bool = False) -> str:
    if not fig or fig.get("value") is None:
        return "-"
    v, (lo, hi) = fig["value"], (fig.get("ci95") or [None, None])
    if percent:
        return f"{v:.0%}" + (f" ({lo:.0%}-{hi:.0%})" if lo is not None and hi is not None else "")
    return f"{v:.2f}" + (f" ({lo:.2f}-{hi:.2f})" if lo is not None and hi is not None else "")


def _trained_on(raw: dict) -> str:
    config = (raw.get("provenance") or {}).get("config") or {}
    counts = (raw.get("training") or {}).get("counts") or {}
    parts = []
    if "ham10000" in str(config.get("data", "")).lower():
        parts.append(tr("HAM10000: dermoscopic photos from Vienna (Austria) and Queensland (Australia)"))
    if any("isic2017" in str(x) for x in config.get("extra_data") or []):
        parts.append(tr("70 % of the ISIC Archive 2017 photos (mostly New York)"))
    text = "; ".join(parts) or tr("see the model card below")
    if counts.get("train"):
        note = tr("({0} photos for training, split by lesion from those it is tested on)")
        text += " " + note.format(counts["train"])
    return text


def clinician_summary(raw: dict, is_default: bool = False) -> str:
    """Markdown: trained on, how good (one table), where it is weak."""
    name = raw.get("display_name", raw.get("id", "?")) + (tr(" (default)") if is_default else "")
    rows = []
    own = raw.get("reference_validation")
    for ref in ([own] if own else []) + list(raw.get("reference_by_source") or []):
        f = ref.get("figures") or {}
        cells = [_cell(f.get(k), percent=k == "cannot_assess") for k in COLUMNS]
        where = ref["data"].split(" (")[0] + (tr(" ({0} photos)").format(ref["n"]) if ref.get("n") else "")
        rows.append("| " + " | ".join([where, *cells]) + " |")
    trained, good, weak = tr("Trained on"), tr("How good it is"), tr("Where it is weak")
    lines = [f"## {name}", "", f"**{trained}:** {_trained_on(raw)}.", ""]
    if rows:
        lines += [
            f"**{good}** " + tr("(95 % intervals; measured the way Validate on our cases measures your own cases):"),
            "",
            "| "
            + " | ".join(
                [
                    tr("photos"),
                    tr("balanced accuracy"),
                    tr("malignant AUC"),
                    tr("malignant lesions sent on"),
                    tr("benign lesions kept at monitor"),
                    tr("could not assess"),
                ]
            )
            + " |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    lines += [f"**{weak}:**", ""] + [f"- {w}" for w in weaknesses(raw)]
    return "\n".join(lines) + "\n"


def weaknesses(raw: dict) -> list[str]:
    out = []
    figs = (raw.get("reference_validation") or {}).get("figures") or {}
    recalls = sorted((v["value"], k[len("recall_") :]) for k, v in figs.items() if k.startswith("recall_"))
    for value, key in recalls[:2]:
        out.append(tr("{0} is recognised in {1:.0%} of cases on its test split.").format(class_name(key), value))
    own_auc = (figs.get("malignant_auc") or {}).get("value")
    for ref in raw.get("reference_by_source") or []:
        f = ref.get("figures") or {}
        auc, refused = (f.get("malignant_auc") or {}).get("value"), (f.get("cannot_assess") or {}).get("value")
        if own_auc and auc is not None and auc < own_auc - 0.05:
            out.append(
                tr("On {0} the malignant AUC falls to {1:.2f} and {2:.0%} of photos cannot be assessed.").format(
                    ref["data"].split(" (")[0], auc, refused or 0
                )
            )
    out.append(
        tr(
            "Trained on dermoscopic photos only: photos taken without a dermatoscope are outside what it "
            "knows. Check it on your own confirmed cases (File > Validate on our cases) before relying on it."
        )
    )
    return out
