"""The before / after table of a clinic fit, in words a clinician reads (CLI, app dialog, PDF)."""

from __future__ import annotations

ROWS = (
    ("malignant AUC", ("malignant_auc",)),
    ("malignant lesions sent on", ("referral", "sensitivity")),
    ("benign lesions kept at monitor", ("referral", "specificity")),
    ("urgent: malignant caught", ("urgent", "sensitivity")),
    ("photos refused (cannot assess)", ("cannot_assess",)),
    ("balanced accuracy", ("balanced_accuracy",)),
)


def figure(rep: dict | None, keys: tuple[str, ...]) -> dict | None:
    x = rep
    for k in keys:
        x = (x or {}).get(k)
    return x if isinstance(x, dict) else None


def cell(fig: dict | None) -> str:
    if not fig or fig.get("value") is None:
        return "n/a"
    lo, hi = fig.get("ci95") or [None, None]
    return f"{fig['value']:.3f}" + (f" ({lo:.3f}-{hi:.3f})" if lo is not None and hi is not None else "")


def table_rows(before: dict, after: dict | None, labelled: bool = True) -> list[tuple[str, str, str]]:
    rows = ROWS if labelled else (ROWS[4],)
    return [(name, cell(figure(before, k)), cell(figure(after, k))) for name, k in rows]


def text(result, model_id: str) -> str:
    labelled = result.profile is not None and result.profile.head is not None
    n = result.before.get("n", 0)
    lines = [
        f"Fit to this clinic: {model_id}, {n} photo(s) of {result.before.get('lesions', n)} lesion(s)",
        "Triage support, not a diagnosis. Each case predicted by a fit made without its lesion "
        "(5 lesion-grouped folds); intervals: 95 % bootstrap over lesions.",
        "",
        f"{'':34}{'bundled':24}fitted to this clinic",
    ]
    for name, b, a in table_rows(result.before, result.after, labelled):
        lines.append(f"{name:34}{b:24}{a}")
    ns = result.nonskin
    lines.append(f"{'non-skin photos refused':34}{ns['before']:<24.3f}{ns['after']:.3f}")
    lines += [""] + result.reasons
    return "\n".join(lines) + "\n"
