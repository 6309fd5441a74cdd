"""The manifest that travels with every bundled model (written by training/export.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from inference.classes import CLASS_KEYS, MALIGNANT
from inference.errors import ModelError
from inference.jsongate import first_error, strict_loads
from inference.model_schema import manifest_schema
from inference.preprocess import PreprocessSpec

SCHEMA_VERSION = 1
INTENDED_USE = (
    "Triage support for dermoscopic photos of single skin lesions: it helps decide how urgently "
    "a person should see a dermatologist. It is not a diagnosis and must not replace one."
)
_SCHEMA = manifest_schema(SCHEMA_VERSION)
REQUIRED = tuple(_SCHEMA["required"])


@dataclass(frozen=True)
class ClassInfo:
    key: str
    display_name: str
    malignant: bool


@dataclass(frozen=True)
class Manifest:
    id: str
    display_name: str
    version: str
    architecture: str
    onnx_file: str
    onnx_sha256: str
    input_name: str
    preprocess: PreprocessSpec
    classes: tuple[ClassInfo, ...]
    temperature: float
    malignant_threshold: float
    urgent_threshold: float
    cam_file: str | None
    cam_sha256: str | None
    ood: dict
    metrics: dict
    intended_use: str
    raw: dict = field(repr=False, compare=False, default_factory=dict)

    @property
    def decision_weights(self) -> tuple[float, ...] | None:
        """Top-class weights (docs/experiments/decision-weights.md), or None: the plain argmax."""
        w = (self.raw.get("calibration") or {}).get("decision_weights")
        return tuple(float(v) for v in w) if w else None

    @property
    def test_time_flips(self) -> int:
        """1: the photo as is; 2: also mirrored; 4: also upside down and both (docs/experiments/tta.md)."""
        return int((self.raw.get("calibration") or {}).get("test_time_flips", 1))

    @property
    def class_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.classes)

    @property
    def malignant_indices(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.classes) if c.malignant)


def parse_manifest(data, where: str = "manifest") -> Manifest:
    """The gate: types, ranges and required clinical fields (inference.model_schema) first."""
    if (
        isinstance(data, dict)
        and isinstance(data.get("schema_version"), int)
        and data["schema_version"] > SCHEMA_VERSION
    ):
        raise ModelError(
            f"Model '{data.get('id')}' needs a newer DermaTriage (manifest schema "
            f"{data['schema_version']}, this version reads {SCHEMA_VERSION}). Update the app."
        )
    if isinstance(data, dict):
        missing = [k for k in REQUIRED if k not in data]
        if missing:
            raise ModelError(f"The model description {where} is incomplete (missing {', '.join(missing)}).")
    problem = first_error(data, _SCHEMA)
    if problem:
        raise ModelError(f"The model description {where} is not valid ({problem}); the model will not be used.")
    classes = tuple(ClassInfo(c["key"], c["display_name"], bool(c["malignant"])) for c in data["classes"])
    if tuple(c.key for c in classes) != CLASS_KEYS:
        raise ModelError(f"Model '{data['id']}' has classes {[c.key for c in classes]}, expected {list(CLASS_KEYS)}.")
    if tuple(c.key for c in classes if c.malignant) != tuple(k for k in CLASS_KEYS if k in MALIGNANT):
        raise ModelError(f"Model '{data['id']}' marks other classes as malignant than DermaTriage does.")
    thr = data["thresholds"]
    if thr["urgent"] < thr["malignant"]:
        raise ModelError(f"Model '{data['id']}': its urgent threshold is below its referral threshold.")
    cam = data.get("cam") or {}
    return Manifest(
        id=data["id"],
        display_name=data["display_name"],
        version=str(data.get("version", "")),
        architecture=data["architecture"],
        onnx_file=data["onnx_file"],
        onnx_sha256=data["onnx_sha256"],
        input_name=data["input"]["name"],
        preprocess=PreprocessSpec.from_dict(data["preprocess"]),
        classes=classes,
        temperature=float(data["calibration"]["temperature"]),
        malignant_threshold=float(thr["malignant"]),
        urgent_threshold=float(thr["urgent"]),
        cam_file=cam.get("file"),
        cam_sha256=cam.get("sha256"),
        ood=data["ood"],
        metrics=data.get("metrics") or {},
        intended_use=data.get("intended_use", INTENDED_USE),
        raw=data,
    )


def read_manifest(folder: Path) -> Manifest:
    return read_manifest_bytes(folder)[0]


def read_manifest_bytes(folder: Path) -> tuple[Manifest, bytes]:
    """The manifest and the exact bytes it was parsed from (their hash is checked against the
    signed index by the registry)."""
    path = folder / "manifest.json"
    try:
        raw = path.read_bytes()
        if len(raw) > 4_000_000:
            raise ValueError("larger than 4 MB")
        data = strict_loads(raw)
    except FileNotFoundError:
        raise ModelError(f"Model folder '{folder.name}' has no manifest.json.") from None
    except (OSError, ValueError, UnicodeDecodeError, RecursionError) as e:
        raise ModelError(f"The description of model '{folder.name}' is unreadable ({e}).") from None
    return parse_manifest(data, f"of '{folder.name}'"), raw


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
