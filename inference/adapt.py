"""Fitting a clinic profile (inference/profile.py) to a clinic's confirmed cases, and deciding whether
it helps. Pure numpy on what the bundled model computes per photo; no photo is analysed here.

The fit is judged before it is kept: every case is predicted by a profile fitted without its lesion
(5 lesion-grouped folds; inside each, the regularisation strength and the thresholds are chosen by
4 inner folds of the training part only), so the before / after table is what a new case of this
clinic would get. The profile is applied only if malignant sensitivity does not drop and refusals
or specificity improve, and if the non-skin reference photos are refused at least as often as by the
bundled check."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

from inference import metrics as M
from inference.classes import CLASS_KEYS
from inference.errors import DermaTriageError
from inference.ood import appearance_score, combined_ratio, pooled, subspace_parts, subspace_score
from inference.profile import MAL, ClinicProfile, Head, head_input, logit
from inference.triage import CANNOT_ASSESS, MONITOR, REFERRAL, URGENT

MIN_CASES = 100
MIN_MALIGNANT = 20
MIN_BENIGN = 20
MIN_PHOTOS_UNLABELLED = 50
FOLDS = 5
INNER_FOLDS = 4
LAMBDAS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 1e4)
SENSITIVITY = 0.95  # the bundled rule: lower 95 % bound of malignant sensitivity >= 0.95
URGENT_SPECIFICITY = 0.95
SHRINK = 0.1  # appearance covariance shrunk towards its mean variance


class FitRefused(DermaTriageError):
    """Too few cases, one class only, no non-skin references: nothing is fitted or changed."""


@dataclass(frozen=True)
class FitCase:
    """One analysed photo of the clinic, as the bundled model saw it."""

    image: str
    group: str  # the lesion: photos of one lesion are held out together
    label: int | None  # index into CLASS_KEYS; None: unlabelled (only the check is widened)
    probs: np.ndarray  # calibrated, the bundled model's
    z: np.ndarray  # subspace coordinates of the pooled features
    r2: float  # residual off the subspace
    descriptor: np.ndarray | None  # the 19 appearance numbers
    severe: bool  # the photo-quality gate refused it (a profile never changes that)
    triage: str  # the bundled analysis' outcome
    skin_band: str = "unknown"

    @property
    def x(self) -> np.ndarray:
        """What the head reads (inference.profile.head_input)."""
        return head_input(self.z, self.descriptor, 0 if self.descriptor is None else len(self.descriptor))


def fit_case(analysis, arrays: dict, image: str, group: str, label: int | None) -> FitCase:
    """From an Analysis made with the bundled model alone (Analyzer.load(profile=False)); `arrays`:
    that model's not-a-lesion arrays."""
    z, r2 = subspace_parts(pooled(analysis.predictions[0].features), arrays)
    return FitCase(
        image, group, label, np.asarray(analysis.probabilities, dtype=np.float32), z[0], float(r2[0]),
        analysis.ood[0].descriptor, bool(analysis.quality.severe), analysis.triage, analysis.ita_band,
    )  # fmt: skip


@dataclass(frozen=True)
class Check:
    """The model's not-a-lesion limits (manifest `ood`) and arrays."""

    arrays: dict
    threshold: float
    appearance_threshold: float | None
    needs_features: float
    referral: float  # the bundled triage thresholds
    urgent: float

    @classmethod
    def of(cls, classifier) -> Check:
        man = classifier.manifest
        o = man.ood
        a = o.get("appearance_threshold")
        return cls(
            classifier.model.ood_arrays,
            float(o.get("threshold", np.inf)),
            None if a is None else float(a),
            float(o.get("appearance_needs_features", 0.0)),
            man.malignant_threshold,
            man.urgent_threshold,
        )

    def refused(self, prof: ClinicProfile | None, z, r2, desc) -> np.ndarray:
        """What the app's check decides (ratio > 1) with this profile (None: as bundled)."""
        rf = subspace_score(np.atleast_2d(z).astype(np.float32), np.atleast_1d(r2), self.arrays) / self.threshold
        if self.appearance_threshold is None or desc is None or "appearance_mean" not in self.arrays:
            return rf > 1
        a = appearance_score(np.atleast_2d(desc), self.arrays)
        if prof is not None:
            a = prof.appearance(rf, a, desc)
        return combined_ratio(rf, 1.0, a, self.appearance_threshold, self.needs_features) > 1


@dataclass(frozen=True)
class NonSkin:
    """The bundled non-skin reference photos as this model sees them (assets/nonskin/<id>.npz)."""

    z: np.ndarray
    r2: np.ndarray
    descriptor: np.ndarray
    quality_refused: np.ndarray

    def refused(self, check: Check, prof: ClinicProfile | None = None) -> float:
        return float((check.refused(prof, self.z, self.r2, self.descriptor) | self.quality_refused).mean())


@dataclass(frozen=True)
class FitResult:
    profile: ClinicProfile | None  # None: nothing to apply
    applied: bool  # whether the rule says it helps (the caller saves it only then)
    reasons: list[str]  # why (not) applied, in plain words
    before: dict  # inference.validation.report of the bundled model, cross-validated
    after: dict | None  # the same of the fitted profile (None: refused before fitting)
    nonskin: dict  # refused share of the non-skin references, before and after


# ---------------------------------------------------------------- the pieces


def _order(names: list[str], seed: int) -> list[str]:
    """A shuffle fixed by the seed, without numpy.random (the installer leaves it out)."""
    import hashlib

    return sorted(names, key=lambda n: hashlib.sha256(f"{seed}:{n}".encode()).digest())


def folds(groups: np.ndarray, y_mal: np.ndarray | None, k: int, seed: int = 0) -> np.ndarray:
    """A fold number per case: lesion-grouped, malignant and benign lesions dealt out separately."""
    uniq = [str(g) for g in np.unique(groups)]
    mal = set(np.unique(groups[y_mal]).astype(str)) if y_mal is not None else set()
    out = {}
    for part in ([g for g in uniq if g in mal], [g for g in uniq if g not in mal]):
        for i, g in enumerate(_order(part, seed)):
            out[g] = i % k
    return np.array([out[str(g)] for g in groups])


def fit_logistic(X: np.ndarray, y: np.ndarray, lam: float, n_free: int = 1) -> np.ndarray:
    """Ridge logistic regression by Newton steps; the last `n_free` columns and the intercept are
    not penalised. Returns the coefficients with the intercept last."""
    n, d = X.shape
    Xb = np.c_[X, np.ones(n)]
    pen = np.r_[np.full(d - n_free, lam), np.zeros(n_free + 1)]
    beta = np.zeros(d + 1)
    for _ in range(60):
        p = 1 / (1 + np.exp(-np.clip(Xb @ beta, -40, 40)))
        g = Xb.T @ (p - y) + pen * beta
        H = (Xb * (p * (1 - p) + 1e-9)[:, None]).T @ Xb + np.diag(pen + 1e-6)
        step = np.linalg.solve(H, g)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta


def _design(z, bundled_mal, mean, scale):
    return np.c_[(z - mean) / scale, logit(bundled_mal)]


def _head(z, bundled_mal, y, lam) -> Head:
    mean, scale = z.mean(0), z.std(0) + 1e-6
    beta = fit_logistic(_design(z, bundled_mal, mean, scale), y, lam)
    return Head(mean.astype(np.float32), scale.astype(np.float32), beta[:-2].astype(np.float32), beta[-2], beta[-1])


def _oof_head(z, m, y, groups, lam, k) -> np.ndarray:
    f = folds(groups, y.astype(bool), k, seed=1)
    out = np.empty(len(y))
    for i in range(k):
        tr, te = f != i, f == i
        if te.any():
            out[te] = _head(z[tr], m[tr], y[tr], lam).malignant(m[te], z[te])
    return out


def choose_head(z, m, y, groups) -> tuple[Head, float, np.ndarray]:
    """The head, its strength (inner-fold log-loss), and its inner out-of-fold probabilities."""
    best = None
    for lam in LAMBDAS:
        p = np.clip(_oof_head(z, m, y, groups, lam, INNER_FOLDS), 1e-6, 1 - 1e-6)
        loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        if best is None or loss < best[0]:
            best = (loss, lam, p)
    _, lam, p = best
    return _head(z, m, y, lam), lam, p


def appearance_gaussian(desc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = desc.mean(0)
    cov = np.cov(desc, rowvar=False)
    cov = (1 - SHRINK) * cov + SHRINK * np.eye(len(mean)) * np.trace(cov) / len(mean)
    return mean.astype(np.float32), np.linalg.inv(cov).astype(np.float32)


GATES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # where the clinic's reference counts: feature distance / its limit
TIGHTEN = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)  # the clinic's Gaussian, its precision times this


def choose_widening(ok: list[FitCase], check: Check, nonskin: NonSkin) -> tuple[tuple, list[str]]:
    """(appearance mean, precision, gate) that refuses the fewest of these photos while the non-skin
    references are refused at least as often as by the bundled check; (None, None, 0) if none does."""
    descs = [c.descriptor for c in ok if c.descriptor is not None]
    if len(descs) < 20 or check.appearance_threshold is None:
        return (None, None, 0.0), []
    mean, prec = appearance_gaussian(np.stack(descs))
    base = nonskin.refused(check)
    z = np.stack([c.z for c in ok])
    r2 = np.array([c.r2 for c in ok])
    d = np.stack([c.descriptor if c.descriptor is not None else np.zeros_like(mean) for c in ok])
    best = None
    for gate in GATES:
        for t in TIGHTEN:
            trial = ClinicProfile("", "", "", 1, 0, mean, prec * t, gate)
            if nonskin.refused(check, trial) < base:
                continue
            rate = float(check.refused(trial, z, r2, d).mean())
            if best is None or rate < best[0]:
                best = (rate, trial)
            break  # looser than this one (smaller t) was refused, tighter ones refuse more
    if best is None:
        return (None, None, 0.0), ["the not-a-lesion check was not widened: any widening let non-skin photos through"]
    w = best[1]
    return (w.appearance_mean, w.appearance_precision, w.appearance_gate), []


def fit_profile(cases: list[FitCase], check: Check, nonskin: NonSkin, model_id: str, model_sha256: str,
                with_head: bool = True) -> tuple[ClinicProfile, list[str]]:  # fmt: skip
    """A profile from these cases alone (no judging), and notes on what the non-skin guard left out."""
    ok = [c for c in cases if not c.severe]  # refused for quality: not a reference of this clinic's look
    widening, notes = choose_widening(ok, check, nonskin)
    labelled = [c for c in cases if c.label is not None]
    head = ref_t = urg_t = None
    n_mal = 0
    if with_head and labelled:
        y = M.is_malignant_label(np.array([c.label for c in labelled])).astype(float)
        n_mal = int(y.sum())
        zl = np.stack([c.x for c in labelled])
        m = np.array([c.probs[MAL].sum() for c in labelled])
        head, _, p_oof = choose_head(zl, m, y, np.array([c.group for c in labelled]))
        ref_t = M.threshold_for_sensitivity_bound(y, p_oof, SENSITIVITY)
        urg_t = max(ref_t, M.threshold_for_specificity(y, p_oof, URGENT_SPECIFICITY))
    else:  # unlabelled photos: the bundled thresholds
        ref_t, urg_t = check.referral, check.urgent
    created = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    prof = ClinicProfile(
        model_id, model_sha256, created, len(cases), n_mal, *widening, head, float(ref_t), float(urg_t),
    )  # fmt: skip
    return prof, notes


def outcome(prof: ClinicProfile, check: Check, cases: list[FitCase]) -> tuple[np.ndarray, list[str]]:
    """What the app would show for each case with this profile: probabilities and triage."""
    probs, triage = [], []
    for c in cases:
        p = prof.correct(c.probs, c.x)
        mal = float(p[MAL].sum())
        refused = bool(check.refused(prof, c.z, c.r2, c.descriptor)[0])
        if c.severe or refused:
            t = CANNOT_ASSESS
        elif mal >= prof.urgent_threshold:
            t = URGENT
        elif mal >= prof.referral_threshold:
            t = REFERRAL
        else:
            t = MONITOR
        probs.append(p)
        triage.append(t)
    return np.stack(probs), triage


# ---------------------------------------------------------------- the whole fit


def require_enough(cases: list[FitCase]) -> None:
    labels = [c.label for c in cases if c.label is not None]
    if not labels:
        if len(cases) < MIN_PHOTOS_UNLABELLED:
            raise FitRefused(
                f"Only {len(cases)} photos: at least {MIN_PHOTOS_UNLABELLED} are needed to widen the check."
            )
        return
    y = M.is_malignant_label(np.array(labels))
    if len(set(labels)) < 2 or y.all() or not y.any():
        raise FitRefused("The confirmed cases are all of one kind: both malignant and benign cases are needed.")
    if len(labels) < MIN_CASES:
        raise FitRefused(f"Only {len(labels)} confirmed cases: at least {MIN_CASES} are needed.")
    if y.sum() < MIN_MALIGNANT or (~y).sum() < MIN_BENIGN:
        raise FitRefused(
            f"{int(y.sum())} malignant and {int((~y).sum())} benign confirmed cases: at least "
            f"{MIN_MALIGNANT} of each are needed."
        )


def cross_validated(cases, check, nonskin, model_id, sha, progress=None, cancelled=None):
    """Each case predicted by a profile fitted on the other folds: (probabilities, triage)."""
    y = [c.label for c in cases]
    y_mal = None if y[0] is None else M.is_malignant_label(np.array(y))
    f = folds(np.array([c.group for c in cases]), y_mal, FOLDS)
    probs = np.zeros((len(cases), len(CLASS_KEYS)), np.float32)
    triage = [""] * len(cases)
    for i in range(FOLDS):
        if cancelled is not None and cancelled():
            raise FitRefused("Cancelled: nothing was changed.")
        tr = [c for c, k in zip(cases, f, strict=True) if k != i]
        te = np.flatnonzero(f == i)
        prof, _ = fit_profile(tr, check, nonskin, model_id, sha)
        p, t = outcome(prof, check, [cases[j] for j in te])
        probs[te] = p
        for j, tt in zip(te, t, strict=True):
            triage[j] = tt
        if progress is not None:
            progress(i + 1, FOLDS)
    return probs, triage


def fit(cases, classifier, nonskin: NonSkin | None, progress=None, cancelled=None, n_boot: int = 1000) -> FitResult:
    """Fit, judge by cross-validation, and say whether to apply. FitRefused for too few cases."""
    from dataclasses import replace

    from inference.validation import Item, report

    if nonskin is None:
        raise FitRefused(
            "This model has no non-skin reference photos, so a fit could not be checked; nothing was fitted."
        )
    require_enough(cases)
    man = classifier.manifest
    check = Check.of(classifier)
    labelled = cases[0].label is not None
    probs, triage = cross_validated(cases, check, nonskin, man.id, man.onnx_sha256, progress, cancelled)
    prof, notes = fit_profile(cases, check, nonskin, man.id, man.onnx_sha256)
    ns = {"before": nonskin.refused(check), "after": nonskin.refused(check, prof)}

    def items(ps, ts):
        return [Item(c.image, c.label if labelled else 0, p, t, c.group, c.skin_band)
                for c, p, t in zip(cases, ps, ts, strict=True)]  # fmt: skip

    before = report(items([c.probs for c in cases], [c.triage for c in cases]), n_boot=n_boot)
    after = report(items(probs, triage), n_boot=n_boot)
    applied, reasons = judge(before, after, labelled, ns)
    prof = replace(prof, report={"before": _summary(before), "after": _summary(after), "nonskin": ns,
                                 "notes": notes, "cross_validated": f"{FOLDS} lesion-grouped folds"})  # fmt: skip
    return FitResult(prof, applied, notes + reasons, before, after, ns)


def _v(rep, *keys):
    x = rep
    for k in keys:
        x = (x or {}).get(k)
    return None if x is None else x.get("value") if isinstance(x, dict) else x


def _summary(rep: dict) -> dict:
    return {
        "n": rep.get("n"),
        "malignant_auc": _v(rep, "malignant_auc"),
        "malignant_sent_on": _v(rep, "referral", "sensitivity"),
        "benign_at_monitor": _v(rep, "referral", "specificity"),
        "cannot_assess": _v(rep, "cannot_assess"),
    }


def judge(before: dict, after: dict, labelled: bool, nonskin: dict) -> tuple[bool, list[str]]:
    """The rule: malignant sensitivity must not drop, and refusals or specificity must improve;
    non-skin photos refused at least as often as before."""
    if nonskin["after"] < nonskin["before"]:
        return False, ["Not applied: it would let more non-skin photos through."]
    b, a = _summary(before), _summary(after)
    if not labelled:
        if a["cannot_assess"] < b["cannot_assess"]:
            return True, [f"Applied: photos refused {b['cannot_assess']:.1%} -> {a['cannot_assess']:.1%}."]
        return False, ["Not applied: it would not refuse fewer of this clinic's photos."]
    if a["malignant_sent_on"] < b["malignant_sent_on"]:
        return False, [
            f"Not applied: malignant lesions sent on would drop ({b['malignant_sent_on']:.1%} -> "
            f"{a['malignant_sent_on']:.1%})."
        ]
    better = []
    if a["cannot_assess"] < b["cannot_assess"]:
        better.append(f"refused {b['cannot_assess']:.1%} -> {a['cannot_assess']:.1%}")
    if a["benign_at_monitor"] > b["benign_at_monitor"]:
        better.append(f"benign kept at monitor {b['benign_at_monitor']:.1%} -> {a['benign_at_monitor']:.1%}")
    if not better:
        return False, ["Not applied: it would neither refuse fewer photos nor keep more benign lesions at monitor."]
    return True, [
        f"Applied: malignant sent on {b['malignant_sent_on']:.1%} -> {a['malignant_sent_on']:.1%}, "
        + ", ".join(better)
        + "."
    ]


# ---------------------------------------------------------------- the non-skin references

NONSKIN_KEYS = ("z", "r2", "descriptor", "quality_refused", "onnx_sha256")


def nonskin_dirs() -> list:
    """assets/nonskin beside the models folder in use, then the installer's or the repository's."""
    import sys
    from pathlib import Path

    from inference.registry import models_dir

    here = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent)) / "assets" / "nonskin"
    return list(dict.fromkeys([models_dir().parent / "nonskin", here]))


def load_nonskin(model_id: str, model_sha256: str) -> NonSkin | None:
    """This model version's non-skin references (scripts/nonskin_refs.py), or None."""
    for folder in nonskin_dirs():
        path = folder / f"{model_id.lower()}.npz"
        if not path.is_file() or path.stat().st_size > 5_000_000:
            continue
        try:
            with np.load(path, allow_pickle=False) as z:
                if not all(k in z.files for k in NONSKIN_KEYS) or str(z["onnx_sha256"]) != model_sha256:
                    continue
                return NonSkin(z["z"].astype(np.float32), z["r2"].astype(np.float32),
                               z["descriptor"].astype(np.float32), z["quality_refused"].astype(bool))  # fmt: skip
        except (OSError, ValueError):
            continue
    return None
