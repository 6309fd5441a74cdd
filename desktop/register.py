"""Register DermaTriage for case bundles (.dtcase.zip) with the desktop, so a double-click opens them:

    DermaTriage --register-file-type      # the installed app (or: python -m desktop.main ...)

Linux (freedesktop): a MIME type (application/x-dermatriage-case, glob *.dtcase.zip) under
$XDG_DATA_HOME/mime and a .desktop entry under $XDG_DATA_HOME/applications, made the default for
it, for this user only. Windows: HKEY_CURRENT_USER file association. macOS needs an app bundle's
Info.plist (not built here)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MIME = "application/x-dermatriage-case"
MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME}">
    <comment>DermaTriage case</comment>
    <sub-class-of type="application/zip"/>
    <glob pattern="*.dtcase.zip" weight="80"/>
  </mime-type>
</mime-info>
"""


def command() -> list[str]:
    """How to start this app: the frozen executable, or this Python with the module."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop.main"]


def desktop_entry() -> str:
    exec_line = " ".join(f'"{c}"' if " " in c else c for c in command())
    return (
        "[Desktop Entry]\nType=Application\nName=DermaTriage\n"
        "Comment=Skin lesion triage support (not a diagnosis)\n"
        f"Exec={exec_line} %F\nTerminal=false\nCategories=Graphics;MedicalSoftware;\n"
        f"MimeType={MIME};image/jpeg;image/png;image/tiff;\n"
    )


def register_linux(data_home: Path | None = None) -> list[Path]:
    home = data_home or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    mime = home / "mime" / "packages" / "dermatriage.xml"
    app = home / "applications" / "dermatriage.desktop"
    for path, text in ((mime, MIME_XML), (app, desktop_entry())):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for tool, arg in (("update-mime-database", home / "mime"), ("update-desktop-database", home / "applications")):
        if shutil.which(tool):
            subprocess.run([tool, str(arg)], capture_output=True, timeout=60)
    if shutil.which("xdg-mime"):
        subprocess.run(["xdg-mime", "default", "dermatriage.desktop", MIME], capture_output=True, timeout=60)
    return [mime, app]


def register_windows() -> list[str]:
    import winreg  # noqa: PLC0415 - Windows only

    cmd = " ".join(f'"{c}"' for c in command()) + ' "%1"'
    keys = {
        r"Software\Classes\.dtcase.zip": "DermaTriage.Case",
        r"Software\Classes\DermaTriage.Case": "DermaTriage case",
        r"Software\Classes\DermaTriage.Case\shell\open\command": cmd,
    }
    for key, value in keys.items():
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as k:
            winreg.SetValue(k, "", winreg.REG_SZ, value)
    return list(keys)


def register() -> str:
    if sys.platform.startswith("linux"):
        return "registered: " + ", ".join(str(p) for p in register_linux())
    if sys.platform == "win32":
        return "registered: " + ", ".join(register_windows())
    return "file types are registered by the app bundle on this platform; nothing done"
