"""Local validation: how a model does on a clinic's own confirmed cases (issue 18). Pure numpy on
what the app already computes per photo (calibrated probabilities, triage, skin-tone band), with
95 % bootstrap intervals over lesions and a plain warning where a figure rests on too few cases."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inference import metrics as M
from inference.classes import CLASS_KEYS, MALIGNANT
from inference.triage import CANNOT_ASSESS, REFERRAL, URGENT

FEW = 30  # below this many cases a figure is shown with a warning
FEW_PER_CLASS = 5


@dataclass(frozen=True)
class Item:
    """One analysed photo with its confirmed diagnosis."""

    image: str
    label: int  # index into CLASS_KEYS
    probabilities: np.ndarray  # calibrated, as the app reports them
    triage: str
    lesion: str  # photos of one lesion are resampled together
    skin_band: str = "unknown"
    body_site: str = ""
    predicted: int | None = None  # the class the app shows (decision rule); None: argmax of probabilities
    confirm_type: str = ""  # how the diagnosis was confirmed (store cases); "" for a truth CSV


def _fig(value: float, ci: tuple[float, float] | None = None, n: int | None = None) -> dict:
    out = {"value": None if value is None or not np.isfinite(value) else float(value)}
    out["ci95"] = [None, None] if ci is None else [None if not np.isfinite(c) else float(c) for c in ci]
    if n is not None:
        out["n"] = int(n)
    return out


def report(items: list[Item], n_boot: int = 1000, seed: int = 0) -> dict:
    """The figures of one model on `items`. Keys: n, balanced_accuracy, accuracy, malignant_auc,
    per_class, confusion_matrix, referral, urgent, cannot_assess, ece, reliability, by_skin_tone,
    by_body_site, warnings; each figure is {"value": x, "ci95": [lo, hi]}."""
    if not items:
        return {"n": 0, "warnings": ["No confirmed cases to validate on."]}
    y = np.array([it.label for it in items])
    probs = np.stack([np.asarray(it.probabilities, dtype=float) for it in items])
    triage = np.array([it.triage for it in items])
    groups = np.array([it.lesion for it in items])
    y_mal = M.is_malignant_label(y)
    # A refusal ("cannot assess") sends the person to a dermatologist: it counts as a referral.
    # The flags go to metrics.sens_spec as a 0/1 score with the threshold 1.
    referred = np.isin(triage, [REFERRAL, URGENT, CANNOT_ASSESS])
    urgent = triage == URGENT
    cannot = triage == CANNOT_ASSESS
    idx = np.arange(len(y))

    def ci(stat):
        return M.bootstrap_ci(lambda t, p: stat(p.astype(int)), y, idx, groups, n_boot=n_boot, seed=seed)

    # The label the app shows ("most likely, allowing for how rare each class is"), as on the card.
    pred = np.array([probs[i].argmax() if it.predicted is None else it.predicted for i, it in enumerate(items)])
    rep = M.classification_report(probs, y)  # AUC and calibration: the probabilities
    shown = M.classification_report(np.eye(probs.shape[1])[pred], y)  # counts: the label shown
    for k, v in shown["per_class"].items():
        v["auc"] = rep["per_class"][k]["auc"]
    rep.update({k: shown[k] for k in ("balanced_accuracy", "accuracy", "per_class", "confusion_matrix")})
    ref_s, ref_p = M.sens_spec(y_mal, referred, True)
    urg_s, urg_p = M.sens_spec(y_mal, urgent, True)
    out = {
        "n": int(len(y)),
        "lesions": int(len(np.unique(groups))),
        "balanced_accuracy": _fig(rep["balanced_accuracy"], ci(lambda i: M.balanced_accuracy(y[i], pred[i]))),
        "accuracy": _fig(rep["accuracy"], ci(lambda i: float((pred[i] == y[i]).mean()))),
        "malignant_auc": _fig(rep["malignant_auc"], ci(lambda i: M.malignant_auc(y[i], probs[i]))),
        "per_class": {
            k: {
                "recall": _fig(v["recall"], ci(lambda i, c=c: _recall(y[i], pred[i], c)) if v["support"] else None),
                "precision": _fig(v["precision"]),
                "support": v["support"],
            }
            for c, (k, v) in enumerate(rep["per_class"].items())
        },
        "confusion_matrix": rep["confusion_matrix"],
        "referral": {
            "sensitivity": _fig(ref_s, ci(lambda i: M.sens_spec(y_mal[i], referred[i], True)[0])),
            "specificity": _fig(ref_p, ci(lambda i: M.sens_spec(y_mal[i], referred[i], True)[1])),
        },
        "urgent": {
            "sensitivity": _fig(urg_s, ci(lambda i: M.sens_spec(y_mal[i], urgent[i], True)[0])),
            "specificity": _fig(urg_p, ci(lambda i: M.sens_spec(y_mal[i], urgent[i], True)[1])),
        },
        "cannot_assess": _fig(float(cannot.mean()), ci(lambda i: float(cannot[i].mean()))),
        "ece": _fig(rep["ece"], ci(lambda i: M.expected_calibration_error(probs[i], y[i]))),
        "reliability": M.reliability_bins(probs, y),
        "by_skin_tone": _by(items, "skin_band", y, pred, probs),
        "by_body_site": _by(items, "body_site", y, pred, probs),
        "by_confirmation": _by(items, "confirm_type", y, pred, probs),
    }
    out["warnings"] = _warnings(y, out)
    clinical = sum(1 for it in items if it.confirm_type == "clinical")
    if clinical:
        out["warnings"].append(
            f"{clinical} photo(s) have a clinical confirmation only (a clinician's judgement, often from the "
            "photo itself, without histopathology or follow-up): they are counted, but they are not independent "
            "of what the model sees."
        )
    return out


def _recall(y, pred, c) -> float:
    m = y == c
    return float((pred[m] == c).mean()) if m.any() else float("nan")


def _by(items, attr, y, pred, probs) -> dict:
    out = {}
    values = np.array([getattr(it, attr) or "unknown" for it in items])
    for v in sorted(set(values)):
        m = values == v
        entry = {"n": int(m.sum()), "balanced_accuracy": M.balanced_accuracy(y[m], pred[m])}
        if len(set(M.is_malignant_label(y[m]))) == 2:
            entry["malignant_auc"] = M.malignant_auc(y[m], probs[m])
        if m.sum() < FEW:
            entry["warning"] = f"only {int(m.sum())} case(s): too few to judge"
        out[v] = entry
    return out


def _warnings(y, out) -> list[str]:
    w = []
    if len(y) < FEW:
        w.append(f"Only {len(y)} confirmed cases: every figure here is very uncertain (see the intervals).")
    for c, k in enumerate(CLASS_KEYS):
        n = int((y == c).sum())
        if 0 < n < FEW_PER_CLASS:
            w.append(f"{k}: only {n} case(s); its recall is not meaningful.")
    n_mal = int(np.isin(y, [CLASS_KEYS.index(k) for k in MALIGNANT]).sum())
    if n_mal < 10:
        w.append(f"Only {n_mal} malignant case(s): sensitivity figures rest on very few lesions.")
    return w


CARD_FIGURES = (
    ("balanced_accuracy", "balanced accuracy"),
    ("accuracy", "accuracy"),
    ("malignant_auc", "malignant AUC"),
    ("referral_sensitivity", "referral sensitivity"),
    ("referral_specificity", "referral specificity"),
    ("cannot_assess", "cannot assess"),
    ("ece", "calibration error (ECE)"),
)


def reference_figures(rep: dict) -> dict:
    """The headline figures of a report, flat, as a model card's reference_validation stores them."""
    flat = {
        "balanced_accuracy": rep.get("balanced_accuracy"),
        "accuracy": rep.get("accuracy"),
        "malignant_auc": rep.get("malignant_auc"),
        "referral_sensitivity": (rep.get("referral") or {}).get("sensitivity"),
        "referral_specificity": (rep.get("referral") or {}).get("specificity"),
        "cannot_assess": rep.get("cannot_assess"),
        "ece": rep.get("ece"),
    }
    for k, v in (rep.get("per_class") or {}).items():  # where it is weak: each class's recall
        if v.get("support"):
            flat[f"recall_{k}"] = v.get("recall")
    return {k: v for k, v in flat.items() if isinstance(v, dict) and v.get("value") is not None}


def card_reference(manifest_raw: dict) -> tuple[dict, str]:
    """The model's own figures measured exactly as local validation measures (the label the app shows,
    its views, its triage), on the model's test split: (figures, where they come from). A model made
    before they were recorded falls back to the export's test figures, and says they differ."""
    ref = (manifest_raw or {}).get("reference_validation")
    if isinstance(ref, dict) and isinstance(ref.get("figures"), dict):
        return ref["figures"], str(ref.get("data", "the model's test split"))[:200]
    test = ((manifest_raw or {}).get("metrics") or {}).get("test") or {}
    keys = ("balanced_accuracy", "accuracy", "malignant_auc", "ece")
    figs = {k: {"value": test[k], "ci95": [None, None]} for k in keys if isinstance(test.get(k), (int, float))}
    return figs, "the export's test figures (network on the photo as is, plain argmax: not measured like these)"


def compare_with_card(rep: dict, manifest_raw: dict) -> list[dict]:
    """Side by side: this clinic's figure and the model card's, measured the same way."""
    card, source = card_reference(manifest_raw)
    here = reference_figures(rep)
    rows = []
    for key, label in CARD_FIGURES:
        h, c = here.get(key) or {}, card.get(key) or {}
        rows.append(
            {
                "figure": label,
                "here": h.get("value"),
                "ci95": h.get("ci95"),
                "card": c.get("value"),
                "card_ci95": c.get("ci95"),
                "card_source": source,
            }
        )
    return rows


def text_report(model: str, rep: dict, card_rows: list[dict]) -> str:
    def f(fig):
        if not fig or fig.get("value") is None:
            return "n/a"
        lo, hi = fig.get("ci95") or [None, None]
        return f"{fig['value']:.3f}" + (f" ({lo:.3f}-{hi:.3f})" if lo is not None and hi is not None else "")

    lines = [
        f"Local validation of {model} on {rep['n']} photo(s) of {rep.get('lesions', rep['n'])} lesion(s)",
        "Triage support, not a diagnosis. Intervals: 95 % bootstrap over lesions.",
        "",
        f"balanced accuracy   {f(rep.get('balanced_accuracy'))}",
        f"accuracy            {f(rep.get('accuracy'))}",
        f"malignant AUC       {f(rep.get('malignant_auc'))}",
        f"referral sens/spec  {f(rep['referral']['sensitivity'])} / {f(rep['referral']['specificity'])}",
        f"urgent sens/spec    {f(rep['urgent']['sensitivity'])} / {f(rep['urgent']['specificity'])}",
        f"cannot assess       {f(rep.get('cannot_assess'))}",
        f"ECE                 {f(rep.get('ece'))}",
        "",
        "per class: recall (interval), precision, n",
    ]
    for k, v in rep["per_class"].items():
        lines.append(f"  {k:6} {f(v['recall']):24} {v['precision']['value']:.3f}  {v['support']}")
    source = card_rows[0]["card_source"] if card_rows else "the model card"
    lines += ["", f"compared with the model card ({source}):"]
    for r in card_rows:
        here = "n/a" if r["here"] is None else f"{r['here']:.3f}"
        card = "n/a" if r["card"] is None else f"{r['card']:.3f}"
        lines.append(f"  {r['figure']:26} here {here:8} card {card}")
    for name, key in (("skin tone", "by_skin_tone"), ("body site", "by_body_site")):
        lines.append(f"by {name}:")
        for band, e in rep[key].items():
            lines.append(f"  {band:20} n={e['n']:<5} bal.acc {e['balanced_accuracy']:.3f}  {e.get('warning', '')}")
    if rep["warnings"]:
        lines += ["", *("warning: " + w for w in rep["warnings"])]
    return "\n".join(lines) + "\n"
