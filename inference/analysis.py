"""One call from a decoded image to a triage answer: adjust, check quality, classify with one model
or an ensemble, reject non-lesions, estimate skin tone, decide. Used by the app, the CLI, the store."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace

import numpy as np

from inference import __version__
from inference.adjust import Box, apply_gamma, crop
from inference.classes import CLASS_KEYS
from inference.classifier import OnnxClassifier, Prediction
from inference.errors import ModelError
from inference.ood import OodResult, appearance, check
from inference.preprocess import appearance_spec, color_constancy, resize_to_model
from inference.probs import ensemble, malignant_probability, top_k
from inference.quality import TEXT as QUALITY_TEXT
from inference.quality import QualityReport, assess
from inference.registry import default_model_id, find_model, list_models, verify
from inference.skin_tone import ita_band, ita_degrees
from inference.triage import CANNOT_ASSESS, LABELS, decide

ENSEMBLE = "ensemble"
GATE_MISSING = "The default model's not-a-lesion check is not available; only this model's own check is used."
NOTICE = "Triage support only - not a diagnosis. A clinician must confirm every result."
OTHER_MODEL_SAYS = (
    "The other bundled model ({0}) would say {1} ({2:.0%}) for this photo: the models disagree, so weigh "
    "this result with care and refer if unsure."
)


@dataclass(frozen=True)
class Settings:
    crop_box: Box | None = None  # in the pixels of the upright original
    gamma: float = 1.0


@dataclass(frozen=True)
class Analysis:
    triage: str
    reason: str
    probabilities: np.ndarray
    malignant_probability: float
    referral_threshold: float
    urgent_threshold: float
    predictions: tuple[Prediction, ...] = field(repr=False)
    quality: QualityReport = field(repr=False)
    ood: tuple[OodResult, ...]  # one per model (then the default's, as a gate): distances and limits
    out_of_distribution: bool
    ita: float | None
    ita_band: str
    disagreement: float | None
    malignant_spread: float | None
    warnings: tuple[str, ...]
    settings: Settings
    seconds: float
    app_version: str = __version__
    decision_weights: tuple[float, ...] | None = None  # top class = argmax(p * w); p stays calibrated
    profile: dict | None = None  # the clinic profile applied (inference.profile stamp), None: the bundled model
    other_models: tuple[dict, ...] = ()  # what the other bundled models would say (id, name, triage, p)

    @property
    def profile_label(self) -> str | None:
        """'fitted to this clinic on N cases (date)', or None for the bundled model."""
        from inference.profile import stamp_label

        return stamp_label(self.profile)

    @property
    def model_label(self) -> str:
        return " + ".join(p.model_name for p in self.predictions)

    @property
    def predicted_index(self) -> int:
        """The most likely class: argmax of the calibrated probabilities, times the model's
        decision weights where it has them (a correction for rare classes)."""
        w = 1.0 if self.decision_weights is None else np.asarray(self.decision_weights)
        return int(np.argmax(self.probabilities * w))

    @property
    def predicted(self) -> str:
        return CLASS_KEYS[self.predicted_index]

    def top_k(self, k: int = 3):
        return top_k(self.probabilities, k)

    def heatmap(self, class_index: int | None = None) -> np.ndarray:
        """Mean of the models' CAMs for a class (default: the predicted class)."""
        c = self.predicted_index if class_index is None else class_index
        return np.mean([p.heatmap(c) for p in self.predictions], axis=0)

    def to_dict(self) -> dict:
        return {
            "triage": self.triage,
            "reason": self.reason,
            "probabilities": {k: float(v) for k, v in zip(CLASS_KEYS, self.probabilities, strict=True)},
            "predicted": self.predicted,
            "top_k": [{"class": k, "probability": p} for k, p in self.top_k(3)],
            "malignant_probability": self.malignant_probability,
            "thresholds": {"referral": self.referral_threshold, "urgent": self.urgent_threshold},
            "models": [
                {
                    "id": p.model_id,
                    "name": p.model_name,
                    "version": p.model_version,
                    "sha256": p.model_sha256,
                    "device": p.device,
                    "seconds": p.seconds,
                    "malignant_probability": p.malignant_probability,
                }
                for p in self.predictions
            ],
            "ensemble": None
            if self.disagreement is None
            else {"disagreement": self.disagreement, "malignant_spread": self.malignant_spread},
            "quality": self.quality.values,
            "out_of_distribution": {
                "rejected": self.out_of_distribution,
                "models": [o.model_id for o in self.ood],
                "scores": [o.feature_score for o in self.ood],
                "thresholds": [o.feature_threshold for o in self.ood],
                "appearance_scores": [o.appearance_score for o in self.ood],
                "appearance_thresholds": [o.appearance_threshold for o in self.ood],
            },
            "skin_tone": {"ita_degrees": self.ita, "band": self.ita_band},
            "warnings": list(self.warnings),
            "settings": {
                "crop_box": list(self.settings.crop_box) if self.settings.crop_box else None,
                "gamma": self.settings.gamma,
            },
            "seconds": self.seconds,
            "app_version": self.app_version,
            "clinic_profile": self.profile,
            "other_models": list(self.other_models),
            "notice": NOTICE,
        }


def ood_kind(ood, quality: QualityReport | None = None) -> str:
    """Which not-a-lesion check weighs more: 'appearance' (the pixels) or 'features' (the network);
    'rim' when it is the appearance and the quality gate sees a dermatoscope's dark corners (a
    crop to the lit circle is then the remedy)."""
    look = [o.appearance_score / o.appearance_threshold for o in ood if o.appearance_score and o.appearance_threshold]
    feat = [o.feature_score / o.feature_threshold for o in ood if o.feature_threshold]
    if not (look and np.mean(look) > np.mean(feat or [0.0])):
        return "features"
    rim = quality is not None and QUALITY_TEXT["dark_corners"] in quality.warnings  # the gate's own finding
    return "rim" if rim else "appearance"


def photo_checks(img: np.ndarray) -> tuple[QualityReport, float | None]:
    """What is measured on the photo itself, independent of any model: quality gate and skin tone."""
    return assess(img), ita_degrees(img)


def network_threads() -> int:
    """CPU threads for the networks when the caller names none: all cores but one, which measures
    the photo (photo_checks) at the same time. On 2 cores: one each (scripts/benchmark.py)."""
    return max(1, (os.cpu_count() or 2) - 1)


class Analyzer:
    """Owns one or more ONNX sessions. Not thread-safe: keep one per worker thread.

    With overlap (the default), the photo's own checks run on one helper thread while the networks
    run, instead of after them; the result is the same, only sooner."""

    def __init__(self, classifiers: list[OnnxClassifier], overlap: bool = True, gates=()):
        if not classifiers:
            raise ValueError("no models")
        self.classifiers = classifiers
        # Networks run only for their not-a-lesion check: the default's, beside another model, so
        # that check holds whichever model is chosen (docs/experiments/strictest-check.md). Any refusal counts.
        self.gates = list(gates)
        # Other bundled models whose triage is compared with this one's (issue 31.2): the gate, or,
        # with the default chosen, the alternatives. When one would say another outcome, it is said.
        self.companions: list[OnnxClassifier] = []
        self.default_id: str | None = None  # set by load(): whose check also counts on its own
        self._gate_note = None
        self.profile = None  # inference.profile.ClinicProfile of the (single) model, set by use_profile
        self._checks = ThreadPoolExecutor(1, thread_name_prefix="dermatriage-checks") if overlap else None

    @classmethod
    def load(
        cls,
        model: str | None = None,
        device: str = "auto",
        threads: int | None = None,
        root=None,
        overlap: bool = True,
        profile: bool = True,
    ) -> Analyzer:
        """model: an id, 'ensemble' (every bundled model), or None (the default model).
        threads: CPU threads per network (default network_threads()); overlap: see the class.
        profile: apply this clinic's fitted profile of the model when there is one (one model only)."""
        default = default_model_id(root)
        if model == ENSEMBLE:  # the bundled models, the ensemble that was evaluated
            from inference.registry import models_dir

            entries, _ = list_models(root if root is not None else models_dir())
        else:
            entries = [find_model(model or default or "", root)]
        if threads is None and overlap:
            threads = network_threads()
        an = cls([OnnxClassifier(verify(e), device, threads) for e in entries], overlap)
        an.default_id = default
        if model != ENSEMBLE and default and entries[0].id != default:
            try:
                an.gates = [OnnxClassifier(verify(find_model(default, root)), device, threads)]
            except ModelError:  # still analyse, with this model's own check, and say so
                an._gate_note = GATE_MISSING
        if model != ENSEMBLE:
            an.companions = list(an.gates) or an._other_bundled(root, device, threads)
        if profile and model != ENSEMBLE:
            an.load_profile()
        return an

    def _other_bundled(self, root, device, threads) -> list[OnnxClassifier]:
        """The bundled models other than the chosen one, to compare its triage with (a model that
        does not load is left out: the comparison is a courtesy, the chosen model's answer stands)."""
        from inference.registry import models_dir

        entries, _ = list_models(root if root is not None else models_dir())
        chosen = {c.manifest.id for c in self.classifiers}
        out = []
        for e in entries:
            if e.id not in chosen:
                try:
                    out.append(OnnxClassifier(verify(e), device, threads))
                except ModelError:
                    continue
        return out

    def load_profile(self) -> None:
        """Read this clinic's profile of the model from the data folder (none: the bundled model).
        One that cannot be read, or is of another model version, is not used, and the analysis says so."""
        from inference import profile as P

        c = self.classifiers[0]
        try:
            self.use_profile(P.load(c.manifest.id, c.manifest.onnx_sha256, c.model.ood_arrays))
        except P.ProfileError as e:
            self.use_profile(None)
            self._gate_note = f"The clinic profile is not used: {e}."

    def use_profile(self, prof) -> None:
        if prof is not None and len(self.classifiers) != 1:
            raise ValueError("a clinic profile belongs to one model")
        self.profile = prof

    @property
    def notes(self) -> list[str]:
        return sorted({c.note for c in self.classifiers if c.note} | ({self._gate_note} if self._gate_note else set()))

    def analyze(self, rgb: np.ndarray, settings: Settings = Settings()) -> Analysis:
        t = time.perf_counter()
        img = apply_gamma(crop(rgb, settings.crop_box), settings.gamma)
        checks = self._checks.submit(photo_checks, img) if self._checks else None
        try:
            # What each network sees (and the photo as photographed): once per preprocessing spec,
            # shared by the models of an ensemble that use the same one.
            nets = self.classifiers + self.gates
            inputs = {}
            for c in nets:
                spec = c.manifest.preprocess
                if spec not in inputs:
                    seen = resize_to_model(img, appearance_spec(spec))  # colours as photographed
                    inputs[spec] = (color_constancy(seen, spec), seen)
            # Appearance descriptors once per (spec, lit field or whole square: manifest ood.appearance_field).
            keys = [(c.manifest.preprocess, bool(c.manifest.ood.get("appearance_field"))) for c in nets]
            described = {k: appearance(inputs[k[0]][1], k[1]) for k in dict.fromkeys(keys)}
            preds = tuple(c.predict(img, inputs[c.manifest.preprocess][0]) for c in self.classifiers)
            # The companions' calibrated probabilities (their own views); a gate's check reads the
            # features of its first view, the photo as it is.
            opinions = {id(c): self._opinion(c, inputs[c.manifest.preprocess][0]) for c in self.companions}
            gate_feats = [
                opinions[id(c)][1] if id(c) in opinions else c.photo_features(inputs[c.manifest.preprocess][0])
                for c in self.gates
            ]
        finally:
            if checks is not None:
                wait([checks])  # never leave the helper working on a photo this call gave up
        quality, ita = checks.result() if checks is not None else photo_checks(img)
        feats = [p.features for p in preds] + gate_feats
        ood = [self._ood(c, f, described[k]) for c, f, k in zip(nets, feats, keys, strict=True)]
        if self.profile is not None:  # this clinic's photos as one more reference of the model's check
            ood[0] = self.profile.adjust(ood[0])
        # Out of distribution if the models, on average, put it beyond their limits, or if the
        # default's own check does: run beside another model, or a member of the ensemble.
        own = ood[: len(self.classifiers)]
        alone = [o.ratio for o in ood if o.model_id == self.default_id]
        ratio = max([float(np.mean([o.ratio for o in own]))] + alone)
        is_ood = bool(ratio > 1.0)
        if len(preds) > 1:
            ens = ensemble([p.probabilities for p in preds])
            probs, spread = ens.probabilities, ens.malignant_spread
            disagreement, agree = ens.disagreement, ens.top1_agree
        else:
            probs, spread, disagreement, agree = preds[0].probabilities, None, None, True
        # For an ensemble, the most sensitive member's thresholds: never refer less than any model.
        ref_t = min(c.manifest.malignant_threshold for c in self.classifiers)
        urg_t = min(c.manifest.urgent_threshold for c in self.classifiers)
        prof = self.profile
        if prof is not None:  # this clinic's correction of the one model (inference.profile)
            probs = prof.correct(probs, self._head_input(preds[0].features, ood[0].descriptor))
            ref_t = prof.referral_threshold if prof.referral_threshold is not None else ref_t
            urg_t = prof.urgent_threshold if prof.urgent_threshold is not None else urg_t
        mal = malignant_probability(probs)
        outcome, reason = decide(
            mal, ref_t, urg_t, quality.severe, is_ood, spread or 0.0, disagreement or 0.0, agree, ood_kind(ood, quality)
        )
        warnings = list(quality.severe) + list(quality.warnings) + self.notes
        if spread is not None and outcome != "cannot_assess" and "disagree" in reason:
            warnings.append(reason)
        others = tuple(self._other_say(c, opinions[id(c)][0]) for c in self.companions)
        if outcome != CANNOT_ASSESS:
            for o in others:
                if o["triage"] != outcome:
                    warnings.append(OTHER_MODEL_SAYS.format(o["name"], LABELS[o["triage"]], o["malignant_probability"]))
        return Analysis(
            triage=outcome,
            reason=reason,
            probabilities=probs,
            malignant_probability=mal,
            referral_threshold=ref_t,
            urgent_threshold=urg_t,
            predictions=preds,
            quality=quality,
            ood=tuple(ood),
            out_of_distribution=is_ood,
            ita=ita,
            ita_band=ita_band(ita),
            disagreement=disagreement,
            malignant_spread=spread,
            warnings=tuple(dict.fromkeys(warnings)),
            settings=settings,
            seconds=time.perf_counter() - t,
            decision_weights=self.decision_weights,
            profile=prof.stamp() if prof is not None else None,
            other_models=others,
        )

    @staticmethod
    def _opinion(c: OnnxClassifier, pixels: np.ndarray):
        from inference.preprocess import normalize

        probs, _, feats = c.view_probabilities(normalize(pixels[None], c.manifest.preprocess))
        return probs[0], feats[0]

    @staticmethod
    def _other_say(c: OnnxClassifier, probs: np.ndarray) -> dict:
        """What another bundled model would answer on the same photo (quality and checks aside)."""
        m = c.manifest
        mal = malignant_probability(probs)
        outcome, _ = decide(mal, m.malignant_threshold, m.urgent_threshold)
        return {"id": m.id, "name": m.display_name, "triage": outcome, "malignant_probability": mal}

    def _head_input(self, features: np.ndarray, descriptor) -> np.ndarray:
        from inference.ood import pooled, subspace_parts
        from inference.profile import head_input

        arrays = self.classifiers[0].model.ood_arrays
        n_app = len(arrays["appearance_mean"]) if "appearance_mean" in arrays else 0
        return head_input(subspace_parts(pooled(features), arrays)[0][0], descriptor, n_app)

    @property
    def decision_weights(self) -> tuple[float, ...] | None:
        """The members' top-class weights averaged (a member without them counts as all ones)."""
        ws = [c.manifest.decision_weights for c in self.classifiers]
        if not any(ws):
            return None
        return tuple(np.mean([w or (1.0,) * len(CLASS_KEYS) for w in ws], axis=0).tolist())

    @staticmethod
    def _ood(c: OnnxClassifier, features: np.ndarray, descriptor: np.ndarray) -> OodResult:
        arrays = c.model.ood_arrays
        if not arrays:
            return OodResult(0.0, float(c.manifest.ood.get("threshold", 1.0)), model_id=c.manifest.id)
        return replace(check(features, descriptor, arrays, c.manifest.ood), model_id=c.manifest.id)
