"""Model info (issue 31.14) at one screen size, under Xvfb of that size:

    Xvfb :99 -screen 0 1440x900x24 -nolisten tcp &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots_model_info.py 1440x900

Writes docs/screenshots/model-info-<size>.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    os.environ["DERMATRIAGE_HOME"] = tempfile.mkdtemp()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # noqa: F841 - the dialog needs it
    from desktop.widgets import ModelInfoDialog
    from inference.registry import list_models

    entries, _ = list_models()
    w, h = map(int, sys.argv[1].split("x"))
    dlg = ModelInfoDialog(entries)
    dlg.resize(min(980, w - 40), h - 60)
    dlg.show()
    loop = QEventLoop()
    QTimer.singleShot(800, loop.quit)
    loop.exec()
    out = ROOT / "docs" / "screenshots" / f"model-info-{w}x{h}.png"
    dlg.grab().save(str(out))
    print("wrote", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
