"""Find the bundled models and verify them: the hash is checked on the very bytes that are then
handed to ONNX Runtime, so a file swapped between check and load cannot slip through."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inference.errors import ModelError
from inference.manifest import Manifest, read_manifest, sha256_bytes

DEFAULT_MODEL_ID_FILE = "DEFAULT"


def models_dir() -> Path:
    """DERMATRIAGE_MODELS, else assets/models inside a PyInstaller bundle, else the repo's."""
    env = os.environ.get("DERMATRIAGE_MODELS")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "assets" / "models"
    return Path(__file__).resolve().parent.parent / "assets" / "models"


@dataclass(frozen=True)
class ModelEntry:
    folder: Path
    manifest: Manifest

    @property
    def id(self) -> str:
        return self.manifest.id


@dataclass(frozen=True)
class VerifiedModel:
    entry: ModelEntry
    onnx_bytes: bytes
    cam_weights: np.ndarray | None  # (classes, channels)
    cam_bias: np.ndarray | None
    ood_arrays: dict

    @property
    def manifest(self) -> Manifest:
        return self.entry.manifest


def list_models(root: Path | None = None) -> tuple[list[ModelEntry], list[str]]:
    """All model folders with a readable manifest, and a message for each one that is broken."""
    root = root or models_dir()
    entries, problems = [], []
    if not root.is_dir():
        return [], [f"No model folder at {root}."]
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            entries.append(ModelEntry(folder, read_manifest(folder)))
        except ModelError as e:
            problems.append(str(e))
    return entries, problems


def default_model_id(root: Path | None = None) -> str | None:
    root = root or models_dir()
    f = root / DEFAULT_MODEL_ID_FILE
    if f.exists():
        return f.read_text(encoding="utf-8").strip()
    entries, _ = list_models(root)
    return entries[0].id if entries else None


def find_model(model_id: str, root: Path | None = None) -> ModelEntry:
    entries, problems = list_models(root)
    for e in entries:
        if e.id == model_id:
            return e
    known = ", ".join(e.id for e in entries) or "none"
    raise ModelError(f"Model '{model_id}' is not installed (installed: {known}).")


def _read_checked(path: Path, expected: str | None, model_id: str, what: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ModelError(f"Model '{model_id}': {what} file '{path.name}' cannot be read ({e.strerror}).") from None
    if expected is None or sha256_bytes(data) != expected:
        raise ModelError(
            f"Model '{model_id}' failed its integrity check: {what} file '{path.name}' does not match "
            "the fingerprint in its manifest. It may be damaged or altered; it will not be used. "
            "Reinstall DermaTriage or choose another model."
        )
    return data


def verify(entry: ModelEntry) -> VerifiedModel:
    """Read and hash-check every file of a model; raise ModelError naming the model on any fault."""
    m = entry.manifest
    onnx_bytes = _read_checked(entry.folder / m.onnx_file, m.onnx_sha256, m.id, "network")
    cam_w = cam_b = None
    if m.cam_file:
        raw = _read_checked(entry.folder / m.cam_file, m.cam_sha256, m.id, "heatmap weights")
        with np.load(io.BytesIO(raw)) as z:
            cam_w, cam_b = z["weight"].astype(np.float32), z["bias"].astype(np.float32)
    ood_arrays = {}
    if m.ood.get("file"):
        raw = _read_checked(entry.folder / m.ood["file"], m.ood.get("sha256"), m.id, "not-a-lesion detector")
        with np.load(io.BytesIO(raw)) as z:
            ood_arrays = {k: z[k] for k in z.files}
    return VerifiedModel(entry, onnx_bytes, cam_w, cam_b, ood_arrays)


def check_all(root: Path | None = None) -> list[tuple[ModelEntry | None, str | None]]:
    """(entry, None) for each model that verifies, (entry or None, message) for each that does not."""
    entries, problems = list_models(root)
    out: list[tuple[ModelEntry | None, str | None]] = [(None, p) for p in problems]
    for e in entries:
        try:
            verify(e)
            out.append((e, None))
        except ModelError as err:
            out.append((e, str(err)))
    return out
