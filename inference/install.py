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
            for i in infos:
                rel = i.filename[len(prefix) + 1 :] if prefix else i.filename
                if rel.startswith("report/"):
                    continue
                if "/" in rel or not plain.fullmatch(rel) or i.flag_bits & 0x1:
                    raise ModelError(f"'{package.name}': member '{i.filename[:80]}' is not allowed in a model package.")
                if i.file_size > MAX_FILE:
                    raise ModelError(f"'{package.name}': '{rel}' is larger than {MAX_FILE // 2**20} MB.")
                with z.open(i) as src, open(into / rel, "wb") as dst:
                    copied = 0
                    while chunk := src.read(1 << 20):
                        copied += len(chunk)
                        if copied > MAX_FILE:
                            raise ModelError(f"'{package.name}': '{rel}' inflates past {MAX_FILE // 2**20} MB.")
                        dst.write(chunk)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, ValueError, zlib.error) as e:
        raise ModelError(f"'{package.name}' is not a readable model package ({str(e)[:100]}).") from None


def install(package: str | Path, replace: bool = False) -> ModelEntry:
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
        bundled = {e.id for e in list_folder(models_dir())[0]}
        if model_id in bundled:
            raise ModelError(f"'{model_id}' is the id of a bundled model; an update needs its own id.")
        final = target_root / model_id
        if final.exists():
            if not replace:
                raise ModelError(f"Model '{model_id}' is already installed (remove it first, or replace it).")
            shutil.rmtree(final)
        folder.rename(final)
        return next(e for e in list_models()[0] if e.id == model_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
