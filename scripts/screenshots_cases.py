"""Screenshots of the case-review features for docs/ (under Xvfb, QT_QPA_PLATFORM=xcb): the Cases
tab after importing a bundle (with the send state), and `Validate on our cases` on 50 confirmed
cases with the bundled default model; plus the validation PDF's first page (needs pdftoppm).

Xvfb :99 -screen 0 1440x900x24 -nolisten tcp &
DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots_cases.py
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOME = Path(tempfile.mkdtemp(prefix="dermatriage-shots-cases-"))
os.environ["DERMATRIAGE_HOME"] = str(HOME / "home")
FULLRES = ROOT.parent / "shared" / "data" / "fullres-samples"


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # noqa: F841
    from cases.export import export_bundle
    from cases.store import CaseStore
    from desktop.validation import ValidationDialog
    from desktop.window import MainWindow
    from inference.analysis import Analyzer
    from inference.imageio import load_image

    out = ROOT / "docs" / "screenshots"
    labels = {r["image_id"]: r["dx"] for r in csv.DictReader(open(FULLRES / "labels.csv"))}
    files = sorted((FULLRES / "images").glob("*.jpg"))
    an = Analyzer.load(None, "cpu")
    store = CaseStore(HOME / "home")
    sites = ["back", "left forearm", "right thigh", "chest", "scalp"]
    for i, f in enumerate(files[:50]):
        img = load_image(f)
        cid = store.create_case(f"KB-{1000 + i}", sites[i % 5], author="nurse")
        iid = store.add_image(cid, img.rgb, "file", f.name)
        store.add_analysis(iid, an.analyze(img.rgb), author="nurse")
        store.set_annotation(cid, diagnosis=labels[f.stem], confirm_type="histopathology", author="path lab")
    store.close()
    other = CaseStore(HOME / "clinic")
    img = load_image(files[60])
    cid = other.create_case("Clinic-B 17", "left shoulder", author="nurse B")
    iid = other.add_image(cid, img.rgb, "file", files[60].name)
    other.add_analysis(iid, an.analyze(img.rgb))
    bundle = export_bundle(other, cid, HOME / "sent")
    other.close()

    def settle(ms=500):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    win = MainWindow()
    win.resize(1440, 900)
    win.show()
    settle(1500)
    win.open_any(str(bundle))
    settle(800)
    win.grab().save(str(out / "6-imported-case.png"))
    dlg = ValidationDialog(win.cases.store, [an.classifiers[0].manifest.id], win)
    dlg.resize(980, 700)
    dlg.show()
    dlg.start()
    loop = QEventLoop()
    dlg.worker.finished_ok.connect(lambda *_: loop.quit())
    QTimer.singleShot(300_000, loop.quit)
    loop.exec()
    settle(800)
    dlg.grab().save(str(out / "7-validate-on-our-cases.png"))
    pdf = HOME / "validation.pdf"
    dlg.export_pdf(str(pdf))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", str(pdf), str(HOME / "page")], check=True)
        shutil.copy(next(HOME.glob("page*.png")), out / "validation-report.png")
    dlg.close()
    win.close()
    print("wrote", [p.name for p in out.glob("*.png")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
