"""A clinic profile: one model version fitted to one clinic's confirmed cases (issue 29).

Two parts, both on what the model already computes, so the bundled model itself never changes:
1. the not-a-lesion check widened: the clinic's photos become one more reference of its appearance
   distance (a Gaussian of the 19 appearance numbers), counted only where the network's own feature
   distance is well inside its limit (the network sees a lesion; the pixel statistics did not know
   the camera). How tight the Gaussian is and where it counts are chosen at fit time so that the
   non-skin reference photos are refused at least as often as by the bundled check; the limits stay
   the bundled ones;
2. a correction of the malignant probability: a regularised logistic regression on the bundled
   malignant logit and the photo's features (standardised subspace coordinates), with referral and
   urgent thresholds refitted with the bundled rule (lower 95 % bound of sensitivity >= 0.95).

The class probabilities are rescaled so that they still sum to the corrected malignant
probability: one story on the screen. The photo-quality gate is never touched. A profile is kept in
the user's data folder (<data>/profiles/<model id>.json), never in a case, a bundle or a sent study.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from inference.classes import CLASS_KEYS, MALIGNANT
from inference.errors import DermaTriageError
from inference.jsongate import first_error, strict_loads
from inference.paths import user_data_dir

FORMAT = 1
MAX_BYTES = 2_000_000
MAL = np.array([k in MALIGNANT for k in CLASS_KEYS])


class ProfileError(DermaTriageError):
    """A profile that cannot be read or does not belong to this model."""


def profiles_dir() -> Path:
    return user_data_dir() / "profiles"


def profile_path(model_id: str) -> Path:
    return profiles_dir() / f"{model_id.lower()}.json"


@dataclass(frozen=True)
class Head:
    """p = sigmoid(a * logit(bundled malignant p) + w . ((x - mean) / scale) + b), x = head_input():
    the photo's subspace coordinates and its appearance numbers (the camera's look, which the
    bundled head never had to allow for)."""

    mean: np.ndarray
    scale: np.ndarray
    w: np.ndarray
    a: float
    b: float

    def malignant(self, bundled: np.ndarray, z: np.ndarray) -> np.ndarray:
        s = self.a * logit(bundled) + ((np.atleast_2d(z) - self.mean) / self.scale) @ self.w + self.b
        return 1.0 / (1.0 + np.exp(-np.clip(s, -40, 40)))


@dataclass(frozen=True)
class ClinicProfile:
    model_id: str
    model_sha256: str
    created_at: str
    n_cases: int
    n_malignant: int
    appearance_mean: np.ndarray | None = field(default=None, repr=False)
    appearance_precision: np.ndarray | None = field(default=None, repr=False)
    appearance_gate: float = 0.0  # the clinic's reference counts where feature distance / limit <= this
    head: Head | None = field(default=None, repr=False)
    referral_threshold: float | None = None
    urgent_threshold: float | None = None
    report: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def label(self) -> str:
        """What every analysis, page and export says of it."""
        return stamp_label(self.stamp())

    def stamp(self) -> dict:
        """Recorded beside the model in every analysis."""
        return {
            "model": self.model_id,
            "created_at": self.created_at,
            "n_cases": self.n_cases,
            "n_malignant": self.n_malignant,
            "parts": self.parts,
        }

    @property
    def parts(self) -> list[str]:
        out = []
        if self.appearance_mean is not None:
            out.append("not-a-lesion check")
        if self.head is not None:
            out.append("classifier")
        return out

    def clinic_distance(self, descriptors: np.ndarray) -> np.ndarray:
        """Mahalanobis distance of appearance descriptors (N, 19) to this clinic's photos."""
        d = np.atleast_2d(descriptors).astype(np.float32) - self.appearance_mean
        return np.sqrt(np.maximum(np.einsum("nd,de,ne->n", d, self.appearance_precision, d), 0))

    def appearance(self, feature_ratio, appearance_scores, descriptors) -> np.ndarray:
        """The appearance distance with this clinic as one more reference, where it counts."""
        a = np.asarray(appearance_scores, dtype=np.float32)
        if self.appearance_mean is None or descriptors is None:
            return a
        near = np.minimum(a, self.clinic_distance(descriptors))
        return np.where(np.asarray(feature_ratio) <= self.appearance_gate, near, a)

    def adjust(self, o):
        """An OodResult of this profile's model, with the clinic's reference."""
        if self.appearance_mean is None or o.descriptor is None or o.appearance_score is None:
            return o
        a = self.appearance(o.feature_score / o.feature_threshold, [o.appearance_score], o.descriptor)
        return replace(o, appearance_score=float(a[0]))

    def correct(self, probs: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Calibrated class probabilities with the malignant share replaced by the head's."""
        if self.head is None:
            return probs
        return rescale(probs, float(self.head.malignant(np.array([probs[MAL].sum()]), x)[0]))

    def to_json(self) -> dict:
        def arr(a):
            return None if a is None else np.asarray(a, dtype=float).tolist()

        head = None
        if self.head is not None:
            h = self.head
            head = {"mean": arr(h.mean), "scale": arr(h.scale), "w": arr(h.w), "a": float(h.a), "b": float(h.b)}
        return {
            "format": FORMAT,
            "model_id": self.model_id,
            "model_sha256": self.model_sha256,
            "created_at": self.created_at,
            "n_cases": self.n_cases,
            "n_malignant": self.n_malignant,
            "appearance_mean": arr(self.appearance_mean),
            "appearance_precision": arr(self.appearance_precision),
            "appearance_gate": float(self.appearance_gate),
            "head": head,
            "referral_threshold": self.referral_threshold,
            "urgent_threshold": self.urgent_threshold,
            "report": self.report,
        }


def head_input(z: np.ndarray, descriptor: np.ndarray | None, n_appearance: int) -> np.ndarray:
    """What the head reads of one photo: subspace coordinates, then the appearance numbers (zeros
    for a model without them)."""
    d = np.zeros(n_appearance, np.float32) if descriptor is None else np.asarray(descriptor, np.float32)
    return np.r_[np.asarray(z, np.float32).ravel(), d.ravel()]


def stamp_label(stamp) -> str | None:
    """'fitted to this clinic on N cases (date)' from an analysis' clinic_profile stamp, else None."""
    if not isinstance(stamp, dict) or not isinstance(stamp.get("n_cases"), int):
        return None
    return f"fitted to this clinic on {stamp['n_cases']} cases ({str(stamp.get('created_at', ''))[:10]})"


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def rescale(probs: np.ndarray, malignant: float) -> np.ndarray:
    """Class probabilities whose malignant classes sum to `malignant`, each side in its own
    proportions (an all-zero side is spread evenly)."""
    p = np.asarray(probs, dtype=float).copy()
    for side, share in ((MAL, malignant), (~MAL, 1.0 - malignant)):
        total = p[side].sum()
        p[side] = p[side] * (share / total) if total > 0 else share / side.sum()
    return p.astype(np.float32)


_NUMS = {"type": "array", "items": {"type": "number"}, "maxItems": 4096}
SCHEMA = {
    "type": "object",
    "required": ["format", "model_id", "model_sha256", "created_at", "n_cases", "n_malignant"],
    "properties": {
        "format": {"const": FORMAT},
        "model_id": {"type": "string", "maxLength": 200},
        "model_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "created_at": {"type": "string", "maxLength": 40},
        "n_cases": {"type": "integer", "minimum": 1},
        "n_malignant": {"type": "integer", "minimum": 0},
        "appearance_mean": {"anyOf": [{"type": "null"}, _NUMS]},
        "appearance_precision": {"anyOf": [{"type": "null"}, {"type": "array", "items": _NUMS, "maxItems": 64}]},
        "appearance_gate": {"type": "number", "minimum": 0, "maximum": 1},
        "head": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["mean", "scale", "w", "a", "b"],
                    "properties": {
                        "mean": _NUMS,
                        "scale": _NUMS,
                        "w": _NUMS,
                        "a": {"type": "number"},
                        "b": {"type": "number"},
                    },  # fmt: skip
                },
            ]
        },
        "referral_threshold": {"anyOf": [{"type": "null"}, {"type": "number", "minimum": 0, "maximum": 1}]},
        "urgent_threshold": {"anyOf": [{"type": "null"}, {"type": "number", "minimum": 0, "maximum": 1}]},
        "report": {"type": "object"},
    },
}


def from_json(doc: dict, arrays: dict) -> ClinicProfile:
    """A profile checked against its schema and against the model's arrays (shapes, finite values)."""
    err = first_error(doc, SCHEMA)
    if err:
        raise ProfileError(f"the clinic profile is not valid ({err})")
    k = arrays["components"].shape[1] if "components" in arrays else 0
    d = len(arrays["appearance_mean"]) if "appearance_mean" in arrays else 0

    def vec(key, n, src=doc):
        v = src.get(key)
        if v is None:
            return None
        a = np.asarray(v, dtype=np.float32)
        if a.shape != ((n,) if isinstance(n, int) else n) or not np.isfinite(a).all():
            raise ProfileError(f"the clinic profile's {key} does not fit this model")
        return a

    head = None
    if doc.get("head") is not None:
        h = doc["head"]
        scale = vec("scale", k + d, h)
        if (scale <= 0).any():
            raise ProfileError("the clinic profile's scale does not fit this model")
        head = Head(vec("mean", k + d, h), scale, vec("w", k + d, h), float(h["a"]), float(h["b"]))
    return ClinicProfile(
        model_id=doc["model_id"],
        model_sha256=doc["model_sha256"],
        created_at=doc["created_at"],
        n_cases=doc["n_cases"],
        n_malignant=doc["n_malignant"],
        appearance_mean=vec("appearance_mean", d),
        appearance_precision=vec("appearance_precision", (d, d)),
        appearance_gate=float(doc.get("appearance_gate", 0.0)),
        head=head,
        referral_threshold=doc.get("referral_threshold"),
        urgent_threshold=doc.get("urgent_threshold"),
        report=doc.get("report") or {},
    )


def load(model_id: str, model_sha256: str, arrays: dict) -> ClinicProfile | None:
    """The saved profile of this model, None when there is none. ProfileError when it is unreadable
    or belongs to another version of the model (a new model needs a new fit)."""
    path = profile_path(model_id)
    if not path.is_file():
        return None
    if path.stat().st_size > MAX_BYTES:
        raise ProfileError("the clinic profile is too large to be one")
    try:
        doc = strict_loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as e:
        raise ProfileError(f"the clinic profile is not readable ({e})") from None
    if not isinstance(doc, dict):
        raise ProfileError("the clinic profile is not valid (top level: not an object)")
    prof = from_json(doc, arrays)
    if prof.model_id.lower() != model_id.lower() or prof.model_sha256 != model_sha256:
        raise ProfileError("the clinic profile was fitted to another version of the model; fit it again")
    return prof


def save(prof: ClinicProfile) -> Path:
    """Written atomically, mode 0600, never through a planted link."""
    folder = profiles_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = profile_path(prof.model_id)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    data = (json.dumps(prof.to_json(), indent=1) + "\n").encode()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def remove(model_id: str) -> bool:
    """Back to the bundled model exactly; True when there was a profile."""
    path = profile_path(model_id)
    if path.is_file() or path.is_symlink():
        path.unlink()
        return True
    return False
