"""Install and remove signed model updates (issue 18). A package is a model folder or a zip of
one; it is unpacked into a staging folder inside the installed-models folder, verified exactly
as the app verifies a model before using it (signature by a trusted key, every hash, the manifest
gate), and only then renamed into place. Nothing is ever written into the installer's folder."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path

from inference.errors import ModelError
from inference.model_schema import FILE_NAME
from inference.registry import ModelEntry, installed_dir, list_folder, list_models, models_dir, verify

MAX_FILE = 512 * 1024**2
MAX_FILES = 64
MAX_TOTAL = 1024**3  # a whole package, declared and as unpacked


def _unpack(package: Path, into: Path) -> None:
    import re

    plain = re.compile(FILE_NAME)
    if package.is_dir():
        files = [p for p in package.iterdir()]
        for p in files:
            if p.is_symlink() or not p.is_file() or not plain.fullmatch(p.name):
                if p.is_dir() and p.name == "report":
                    continue  # evidence, not read by the app
                raise ModelError(f"'{package.name}' holds '{p.name}', which a model package may not contain.")
            shutil.copyfile(p, into / p.name)
        return
    try:
        with zipfile.ZipFile(package) as z:
            infos = [i for i in z.infolist() if not i.is_dir()]
            if len(infos) > MAX_FILES * 4:
                raise ModelError(f"'{package.name}' holds too many files to be a model package.")
            prefix = os.path.commonprefix([i.filename for i in infos]).rpartition("/")[0]
            if sum(i.file_size for i in infos) > MAX_TOTAL:
                raise ModelError(f"'{package.name}' declares more than {MAX_TOTAL // 2**20} MB; nothing was unpacked.")
            members = []
            for i in infos:  # every name and size checked before anything is read or written
                rel = i.filename[len(prefix) + 1 :] if prefix else i.filename
                if rel.startswith("report/"):
                    continue
                if "/" in rel or not plain.fullmatch(rel) or i.flag_bits & 0x1:
                    raise ModelError(f"'{package.name}': member '{i.filename[:80]}' is not allowed in a model package.")
                if i.file_size > MAX_FILE:
                    raise ModelError(f"'{package.name}': '{rel}' is larger than {MAX_FILE // 2**20} MB.")
                members.append((rel, i))
            _signature_first(z, infos, prefix, package.name)
            written = 0
            for rel, i in members:
                with z.open(i) as src, open(into / rel, "wb") as dst:
                    copied = 0
                    while chunk := src.read(1 << 20):
                        copied += len(chunk)
                        written += len(chunk)
                        if copied > max(i.file_size, 0) or copied > MAX_FILE or written > MAX_TOTAL:
                            raise ModelError(f"'{package.name}': '{rel}' inflates past its declared size.")
                        dst.write(chunk)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, ValueError, zlib.error) as e:
        raise ModelError(f"'{package.name}' is not a readable model package ({str(e)[:100]}).") from None


def _signature_first(z: zipfile.ZipFile, infos, prefix: str, name: str) -> None:
    """Before anything is written: the package's signature index must be there, signed by a trusted
    key, and list every member the app will read (an unsigned zip never reaches the disk)."""
    import json

    from inference.signing import SIGNATURE_FILE, check_signature

    by_rel = {(i.filename[len(prefix) + 1 :] if prefix else i.filename): i for i in infos}
    sig = by_rel.get(SIGNATURE_FILE)
    if sig is None or sig.file_size > 1_000_000:
        raise ModelError(f"'{name}' is not signed (no {SIGNATURE_FILE}); nothing was unpacked.")
    try:
        index = json.loads(z.read(sig))
    except ValueError:
        raise ModelError(f"'{name}': its signature file is not readable; nothing was unpacked.") from None
    check_signature(index, name)
    listed = set(index.get("files") or {}) | {SIGNATURE_FILE}
    extra = sorted(r for r in by_rel if r not in listed and not r.startswith("report/"))
    if extra:
        raise ModelError(f"'{name}' holds files its signature does not cover: {', '.join(extra[:5])}.")


def _version(entry_or_manifest) -> str:
    return str(getattr(entry_or_manifest, "version", "") or "")


def install(package: str | Path, replace: bool = False, allow_downgrade: bool = False) -> ModelEntry:
    """Verify and install; returns the installed entry. Raises ModelError with the reason."""
    package = Path(package)
    if not package.exists():
        raise ModelError(f"'{package}' was not found.")
    target_root = installed_dir()
    target_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target_root))
    try:
        work = staging / "pkg"
        work.mkdir()
        _unpack(package, work)
        from inference.manifest import read_manifest

        model_id = read_manifest(work).id
        folder = staging / model_id
        work.rename(folder)
        entries, problems = list_folder(staging)
        if problems or len(entries) != 1:
            raise ModelError(problems[0] if problems else f"'{package.name}' does not hold exactly one model.")
        verify(entries[0])  # signature, every hash, external data: as before any use
        from inference.signing import SIGNATURE_FILE, read_index

        listed = set(read_index(folder).files) | {SIGNATURE_FILE}
        extra = sorted(p.name for p in folder.iterdir() if p.name not in listed)
        if extra:
            raise ModelError(f"'{package.name}' holds files its signature does not cover: {', '.join(extra)}.")
        bundled = {e.id.lower() for e in list_folder(models_dir())[0]}
        if model_id.lower() in bundled:  # ids are compared without case: no look-alike of a bundled one
            raise ModelError(f"'{model_id}' is the id of a bundled model; an update needs its own id.")
        installed = {e.id.lower(): e for e in list_folder(target_root)[0]} if target_root.is_dir() else {}
        if model_id.lower() in installed and installed[model_id.lower()].id != model_id:
            raise ModelError(
                f"'{model_id}' differs from the installed '{installed[model_id.lower()].id}' only in case."
            )
        new_manifest = entries[0].manifest
        if "(default)" in new_manifest.display_name.lower():
            raise ModelError(f"'{model_id}': a model's name may not claim to be the default.")
        check_graph(folder / new_manifest.onnx_file)
        final = target_root / model_id
        if final.exists():
            if not replace:
                raise ModelError(f"Model '{model_id}' is already installed (remove it first, or replace it).")
            old_version = _version(installed[model_id.lower()].manifest)
            if not allow_downgrade and _version(new_manifest) <= old_version:
                raise ModelError(
                    f"'{model_id}' version {_version(new_manifest)} is not newer than the installed "
                    f"{old_version}; nothing changed (--allow-downgrade to install it anyway)."
                )
            shutil.rmtree(final)
        folder.rename(final)
        return next(e for e in list_models()[0] if e.id == model_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


GRAPH_MEMORY = 2 * 1024**3  # what one analysis may take, in the probe below


def check_graph(onnx_path: Path) -> None:
    """Run the graph once on a blank input in a child process limited to GRAPH_MEMORY of address
    space (a signed graph can still hold a ConstantOfShape of gigabytes): refused if it cannot."""
    import subprocess
    import sys

    probe = (
        "import resource, sys, numpy as np, onnxruntime as ort\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({GRAPH_MEMORY}, {GRAPH_MEMORY}))\n"
        "s = ort.InferenceSession(sys.argv[1], providers=['CPUExecutionProvider'])\n"
        "i = s.get_inputs()[0]\n"
        "shape = [d if isinstance(d, int) and d > 0 else 1 for d in i.shape]\n"
        "s.run(None, {i.name: np.zeros(shape, np.float32)})\n"
    )
    if os.name == "nt" or getattr(sys, "frozen", False):
        return  # no resource limits there; the installer's own models were checked when built
    try:
        r = subprocess.run([sys.executable, "-c", probe, str(onnx_path)], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise ModelError("the model's network took over 2 minutes for one blank photo; it was not installed") from None
    if r.returncode != 0:
        raise ModelError(
            f"the model's network needs more than {GRAPH_MEMORY // 2**30} GB for one photo, or does not run "
            "on a blank one; it was not installed"
        )


def remove(model_id: str) -> Path:
    """Remove an installed update (bundled models cannot be removed)."""
    entries, _ = list_folder(installed_dir()) if installed_dir().is_dir() else ([], [])
    for e in entries:
        if e.id == model_id:
            shutil.rmtree(e.folder)
            return e.folder
    if any(e.id == model_id for e in list_folder(models_dir())[0]):
        raise ModelError(f"'{model_id}' is bundled with DermaTriage and cannot be removed.")
    raise ModelError(f"No installed model '{model_id}'.")
