#!/usr/bin/env python3
"""The two set-up commands. Needs nothing but Python 3.11+:

    python3 dev.py app     # create .venv if needed, install the app, start it on the default model
    python3 dev.py test    # create .venv if needed, install app + training + dev tools, run all tests

Extra arguments go to the app or to pytest (e.g. `python3 dev.py test -k store`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "dermatriage-install.json"
EXTRAS = {"app": [], "test": ["train", "dev"], "build": ["build"]}


def python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env(extras: list[str]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run under an older system Python
        sys.exit("DermaTriage needs Python 3.11 or newer.")
    if not python().exists():
        print(f"creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    have = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    installed = set(have.get("extras", [])) if have.get("pyproject") == digest else None
    if installed is not None and set(extras) <= installed:
        return
    wanted = sorted(set(extras) | (installed or set()))
    target = "." + (f"[{','.join(wanted)}]" if wanted else "")
    print(f"installing {target} into .venv (first time: a few minutes) ...", flush=True)
    subprocess.check_call(
        [str(python()), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", target], cwd=ROOT
    )
    STAMP.write_text(json.dumps({"pyproject": digest, "extras": wanted}))


def _has_libpulse() -> bool:
    import ctypes.util

    return ctypes.util.find_library("pulse") is not None


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test", "build"):
        print(__doc__)
        return 1
    cmd, rest = argv[0], argv[1:]
    ensure_env(EXTRAS[cmd] + (["build"] if cmd == "test" else []))
    if cmd == "app":
        return subprocess.call([str(python()), "-m", "desktop.main", *rest], cwd=ROOT)
    if cmd == "build":
        if sys.platform.startswith("linux") and not _has_libpulse():
            print(
                "warning: libpulse0 is not installed, so the bundle will have no camera capture "
                "(sudo apt-get install libpulse0, then build again).",
                file=sys.stderr,
            )
        if sys.platform.startswith("linux") and not all(shutil.which(t) for t in ("as", "ld", "nm", "readelf")):
            print(
                "warning: binutils (as, ld, nm, readelf) are not installed, so Qt's ICU data stays whole, "
                "unused libraries are not stubbed and the bundle is about 48 MB larger "
                "(sudo apt-get install binutils).",
                file=sys.stderr,
            )
        return subprocess.call([str(python()), "-m", "PyInstaller", "--noconfirm", "build.spec", *rest], cwd=ROOT)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    rc = subprocess.call([str(python()), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if rc == 5:
        print("pytest collected no tests: that is a failure, not a pass.", file=sys.stderr)
        return 1
    return rc


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
