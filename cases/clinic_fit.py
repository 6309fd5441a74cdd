"""What a clinic fit (inference/adapt.py) is fitted on, and its trace in the store: the clinic's
confirmed photos (a truth CSV beside photos or folders, the same formats as local validation),
unlabelled photos (only the not-a-lesion check is widened), or the store's confirmed cases. Each
photo is analysed with the bundled model alone. Fits and removals are audited in the store."""

from __future__ import annotations

from inference.adapt import FitCase, FitRefused, fit_case
from inference.classes import CLASS_KEYS

AUDIT_ENTITY = "clinic_profile"


def bundled_analyzer(model: str | None = None):
    """The model as bundled (no profile), on the CPU; refused for a model that is checked by another
    model's not-a-lesion check (only the default model, or one without a gate, can be fitted)."""
    from inference.analysis import Analyzer

    an = Analyzer.load(model, "cpu", profile=False)
    if len(an.classifiers) != 1:
        raise FitRefused("A clinic profile is fitted to one model, not to the ensemble.")
    if an.gates:
        raise FitRefused(
            "Only the default model can be fitted to this clinic: the others are also checked by the "
            "default's not-a-lesion check, which a fit of theirs cannot widen."
        )
    return an


def from_folder(analyzer, paths: list[str], truth: dict | None, failures: list, progress=None, cancelled=None):
    """FitCases of photos or folders; with `truth` (cases.validation.read_truth) only the listed
    photos, each with its diagnosis and lesion; without, every photo unlabelled (its own lesion)."""
    from inference.errors import DermaTriageError
    from inference.imageio import collect_inputs, load_image

    files, fails = collect_inputs(paths)
    failures += fails
    arrays = analyzer.classifiers[0].model.ood_arrays
    out = []
    for n, f in enumerate(files):
        if cancelled is not None and cancelled():
            raise FitRefused("Cancelled: nothing was changed.")
        if truth is not None and f.stem not in truth:
            failures.append((str(f), "no ground truth for this photo"))
            continue
        label, lesion = truth[f.stem] if truth is not None else (None, f.stem)
        try:
            a = analyzer.analyze(load_image(f).rgb)
        except DermaTriageError as e:
            failures.append((str(f), str(e)))
            continue
        out.append(fit_case(a, arrays, f.stem, lesion, label))
        if progress is not None:
            progress(n + 1, len(files), f.name)
    return out


def from_store(analyzer, store, confirm_types: tuple[str, ...], progress=None, cancelled=None) -> list[FitCase]:
    """Every confirmed case of the store (diagnosis in the seven classes, confirmation type chosen),
    each photo analysed again with the bundled model; photos of one case are held out together."""
    arrays = analyzer.classifiers[0].model.ood_arrays
    cases = [c for c in store.list_cases() if c.diagnosis in CLASS_KEYS]
    out = []
    for n, c in enumerate(cases):
        if cancelled is not None and cancelled():
            raise FitRefused("Cancelled: nothing was changed.")
        case = store.get_case(c.id)
        if ((case["annotation"] or {}).get("confirm_type") or "") in confirm_types:
            for im in case["images"]:
                a = analyzer.analyze(store.image_rgb(im["sha256"]))
                out.append(fit_case(a, arrays, im["id"], c.id, CLASS_KEYS.index(c.diagnosis)))
        if progress is not None:
            progress(n + 1, len(cases), c.pseudonym)
    return out


def record_fit(store, prof, who: str = "") -> None:
    store.audit(who, AUDIT_ENTITY, prof.model_id, "fitted", None, prof.label)


def record_removal(store, model_id: str, label: str | None, who: str = "") -> None:
    store.audit(who, AUDIT_ENTITY, model_id, "removed", label, None)
