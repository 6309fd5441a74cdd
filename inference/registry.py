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
from inference.manifest import Manifest, read_manifest_bytes, sha256_bytes
from inference.paths import user_data_dir
from inference.signing import SignedIndex, read_index

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


def installed_dir() -> Path:
    """Models installed as signed updates: in the user data folder, never the installer's."""
    return user_data_dir() / "models"


@dataclass(frozen=True)
class ModelEntry:
    folder: Path
    manifest: Manifest
    manifest_sha256: str = ""

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
    """All model folders with a valid manifest, and a message naming each one that is not. A
    folder's name must be its model's id, so two folders can never hide each other's model.
    Without `root`: the bundled models, then the installed updates (an update may not reuse a
    bundled model's id)."""
    if root is not None:
        return list_folder(root)
    entries, problems = list_folder(models_dir())
    if installed_dir().is_dir():
        more, more_problems = list_folder(installed_dir())
        taken = {e.id for e in entries}
        for e in more:
            if e.id in taken:
                problems.append(f"Installed model '{e.id}' has the id of a bundled model; it is not used.")
            else:
                entries.append(e)
        problems += more_problems
    return entries, problems


def list_folder(root: Path) -> tuple[list[ModelEntry], list[str]]:
    entries, problems = [], []
    if not root.is_dir():
        return [], [f"No model folder at {root}."]
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            manifest, raw = read_manifest_bytes(folder)
            if manifest.id != folder.name:
                raise ModelError(
                    f"Model folder '{folder.name}' holds a model that calls itself '{manifest.id}'; "
                    "neither name is trusted, it will not be used."
                )
            entries.append(ModelEntry(folder, manifest, sha256_bytes(raw)))
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


def _read_checked(folder: Path, name: str, expected: str | None, index: SignedIndex, model_id: str, what: str) -> bytes:
    path = folder / name
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ModelError(f"Model '{model_id}': {what} file '{name}' cannot be read ({e.strerror}).") from None
    digest = sha256_bytes(data)
    if expected is None or digest != expected or index.files.get(name) != digest:
        raise ModelError(
            f"Model '{model_id}' failed its integrity check: {what} file '{name}' does not match "
            "the fingerprint in its signed manifest. It may be damaged or altered; it will not be used. "
            "Reinstall DermaTriage or choose another model."
        )
    return data


# An ONNX tensor stored outside the file names it by a "location" entry: key "location" as a
# protobuf string field (tag 0x0a, length 8). Such a model would read files nobody hashed.
_EXTERNAL_DATA_MARK = b"\x0a\x08location"


def verify(entry: ModelEntry) -> VerifiedModel:
    """Check the signature over the model's index, the manifest's bytes against it, then read and
    hash-check every file; raise ModelError naming the model on any fault."""
    m = entry.manifest
    index = read_index(entry.folder)
    if index.model_id != m.id:
        raise ModelError(f"Model '{m.id}': its signature was made for another model ('{index.model_id}').")
    if index.files.get("manifest.json") != entry.manifest_sha256:
        raise ModelError(
            f"Model '{m.id}' failed its integrity check: its manifest was changed after it was signed "
            "(thresholds and calibration live there); it will not be used."
        )
    onnx_bytes = _read_checked(entry.folder, m.onnx_file, m.onnx_sha256, index, m.id, "network")
    if _EXTERNAL_DATA_MARK in onnx_bytes:
        raise ModelError(f"Model '{m.id}' keeps part of its network in other files; DermaTriage refuses such models.")
    cam_w = cam_b = None
    if m.cam_file:
        raw = _read_checked(entry.folder, m.cam_file, m.cam_sha256, index, m.id, "heatmap weights")
        with np.load(io.BytesIO(raw), allow_pickle=False) as z:
            cam_w, cam_b = z["weight"].astype(np.float32), z["bias"].astype(np.float32)
    raw = _read_checked(entry.folder, m.ood["file"], m.ood.get("sha256"), index, m.id, "not-a-lesion detector")
    with np.load(io.BytesIO(raw), allow_pickle=False) as z:
        ood_arrays = {k: z[k] for k in z.files}
    checked = {"manifest.json", m.onnx_file, m.cam_file, m.ood["file"]}
    for name, digest in index.files.items():  # the rest of the signed files (the model card)
        if name not in checked:
            _read_checked(entry.folder, name, digest, index, m.id, "signed")
    return VerifiedModel(entry, onnx_bytes, cam_w, cam_b, ood_arrays)


def read_card(entry: ModelEntry) -> str | None:
    """The model card, only if the signed index covers it and it matches."""
    try:
        index = read_index(entry.folder)
        data = (entry.folder / "card.md").read_bytes()
    except (ModelError, OSError):
        return None
    return data.decode("utf-8", "replace") if index.files.get("card.md") == sha256_bytes(data) else None


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
