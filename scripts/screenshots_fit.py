"""Screenshots of Fit to this clinic (issue 29) at 1440x900 and 1024x600: the dialog after a fit
(before / after table), and a result in the main window marked as fitted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_fit.py

Fits on 130 isic2017 photos (40 melanomas) in a temporary data folder; writes
docs/screenshots/fit-WxH-1-dialog.png and fit-WxH-2-result-fitted.png.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOME = Path(tempfile.mkdtemp(prefix="dermatriage-fit-shots-"))
os.environ["DERMATRIAGE_HOME"] = str(HOME / "home")
ISIC = ROOT.parent / "shared" / "data" / "isic2017-256"


def clinic_folder() -> tuple[Path, Path, Path]:
    with open(ISIC / "labels.csv", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["image_id"])
    picked = [r for r in rows if r["dx"] == "mel"][:40] + [r for r in rows if r["dx"] != "mel"][:90]
    folder = HOME / "photos"
    folder.mkdir()
    truth = HOME / "truth.csv"
    with open(truth, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image", "dx"])
        for r in picked:
            (folder / Path(r["file"]).name).symlink_to(ISIC / r["file"])
            w.writerow([Path(r["file"]).stem, r["dx"]])
    other = next(r for r in rows if r["dx"] == "mel" and r not in picked)
    return folder, truth, ISIC / other["file"]


def main() -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # noqa: F841
    from cases.store import CaseStore
    from desktop.clinic_fit import ClinicFitDialog
    from desktop.window import MainWindow

    out = ROOT / "docs" / "screenshots"
    folder, truth, photo = clinic_folder()

    def settle(ms=400):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def until(cond, ms=600_000):
        waited = 0
        while not cond() and waited < ms:
            settle(200)
            waited += 200

    store = CaseStore(HOME / "home")
    for w, h in ((1440, 900), (1024, 600)):
        dlg = ClinicFitDialog(store)
        dlg.resize(min(900, w - 40), min(640, h - 60))
        dlg.show()
        dlg.src_folder.setChecked(True)
        dlg.start(str(folder), str(truth))
        until(lambda d=dlg: d.start_btn.isEnabled())
        if dlg.result is not None and dlg.result.applied and w == 1440:
            dlg.apply()
        settle()
        dlg.grab().save(str(out / f"fit-{w}x{h}-1-dialog.png"))
        print("wrote", out / f"fit-{w}x{h}-1-dialog.png", dlg.reasons.text())
        dlg.close()
    store.close()
    for w, h in ((1440, 900), (1024, 600)):
        win = MainWindow(QSettings(str(HOME / f"s{w}.ini"), QSettings.Format.IniFormat))
        win.resize(w, h)
        win.show()
        until(lambda x=win: x.ctrl.models_loaded)
        win.open_path(str(photo))
        until(lambda x=win: x.results.model.text().startswith("Model:"), 60_000)
        settle(800)
        win.grab().save(str(out / f"fit-{w}x{h}-2-result-fitted.png"))
        print("wrote", out / f"fit-{w}x{h}-2-result-fitted.png", win.results.model.text())
        win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
