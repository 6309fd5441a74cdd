"""Screenshots of the real app window for docs/ (run under Xvfb with QT_QPA_PLATFORM=xcb):

Xvfb :99 -screen 0 1280x800x24 -nolisten tcp &
DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots.py [--only rim]

`--only rim`: only the refusal of a photo with a dermatoscope's dark rim, before and after the
"Crop to dermatoscope circle" button (8-rim-refusal, 9-rim-cropped), and the setting that crops
every photo (10-settings-crop-fov).
`--only alternative`: the alternative model chosen, a stained-tissue slide refused by the default
model's not-a-lesion check, which runs beside it (11-alternative-default-check).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DERMATRIAGE_HOME", "/tmp/dermatriage-shots")
PHOTO = ROOT.parent / "shared" / "data" / "fullres-samples" / "images" / "ISIC_0034529.jpg"


def main() -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # noqa: F841 - must stay alive while the window exists
    from desktop.window import MainWindow

    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    win = MainWindow(QSettings("/tmp/dermatriage-shots.ini", QSettings.Format.IniFormat))
    win.resize(1280, 800)
    win.show()

    def wait_for(signal, ms=60_000):
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle(ms=400):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(name, widget=None):
        settle()
        (widget or win).grab().save(str(out / f"{name}.png"))
        print("wrote", out / f"{name}.png")

    wait_for(win.ctrl.models_ready)
    if sys.argv[1:] == ["--only", "rim"]:
        rim_shots(win, wait_for, shot)
        win.close()
        return 0
    if sys.argv[1:] == ["--only", "alternative"]:
        alternative_shot(win, wait_for, shot)
        win.close()
        return 0
    win.open_path(PHOTO)
    wait_for(win.ctrl.analysis_ready)
    shot("1-result-heatmap")
    win.show_tab(win.tools)
    win.tools.manual.setChecked(True)
    shot("2-crop-tool")
    win.tools.manual.setChecked(False)
    win.ctrl.auto_fov() or win.ctrl.centre_on_lesion()
    win.tools.set_gamma(1.4)
    wait_for(win.ctrl.analysis_ready)
    win.tools.side.setChecked(True)
    shot("3-gamma-side-by-side")
    win.tools.side.setChecked(False)
    win.show_tab(win.results)
    shot("4-results-panel")
    bad = Path("/tmp/not-a-photo.jpg")
    bad.write_bytes(b"\xff\xd8\xff\xe0 this is not a photo")
    win.open_path(bad)
    shot("5-error-banner")
    win.close()
    return 0


def alternative_shot(win, wait_for, shot) -> None:
    import skimage.data
    from PIL import Image

    slide = Path("/tmp/stained-slide.png")
    Image.fromarray(skimage.data.immunohistochemistry()).save(slide)
    win.model_box.setCurrentIndex(1)  # the default is first; then the other bundled model
    wait_for(win.ctrl.models_ready)
    win.open_path(slide)
    wait_for(win.ctrl.analysis_ready)
    win.show_tab(win.results)
    shot("11-alternative-default-check")


def rim_shots(win, wait_for, shot) -> None:
    """A real photo with another dermatoscope's dark circle drawn around it (as the tests do)."""
    from inference.imageio import load_image
    from inference.imaging import encode_png
    from tests.hostile import with_scope_rim

    rgb = load_image(PHOTO.with_name("ISIC_0034533.jpg")).rgb
    path = Path("/tmp/dermatoscope-rim.png")
    path.write_bytes(encode_png(with_scope_rim(rgb)))
    win.open_path(path)
    wait_for(win.ctrl.analysis_ready)
    win.show_tab(win.results)
    shot("8-rim-refusal")
    win.results.crop_rim.click()
    wait_for(win.ctrl.analysis_ready)
    shot("9-rim-cropped")
    from desktop.settings_dialog import SettingsDialog

    dlg = SettingsDialog(win.settings, win)
    dlg.crop_fov.setChecked(True)
    dlg.show()
    shot("10-settings-crop-fov", dlg)
    dlg.reject()


if __name__ == "__main__":
    raise SystemExit(main())
