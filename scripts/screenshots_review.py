"""Issue 16's screenshots at one screen size (run under Xvfb with that screen size):

    Xvfb :99 -screen 0 1440x900x24 -nolisten tcp &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots_review.py 1440x900 [--lang es]

Writes docs/screenshots/review-<size>-<n>-<what>.png: first run, a folder with its table, a
refusal, an imported case opened with its heatmap, the follow-up comparison, the save dialog
(with --lang es: the app in Spanish), the Cases tab. Every shot is the whole screen, dialogs included.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "data" / "fullres-samples" / "images"


def main() -> int:
    size = sys.argv[1]
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    work = Path(tempfile.mkdtemp(prefix="dt-shots-"))
    os.environ["DERMATRIAGE_HOME"] = str(work / "home")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from desktop.i18n import install_translation

    install_translation(app, lang)
    from cases.export import export_bundle
    from cases.store import CaseStore
    from desktop.followup import FollowUpDialog
    from desktop.save_dialog import SaveCaseDialog
    from desktop.window import MainWindow
    from inference.analysis import Analyzer
    from inference.imageio import load_image

    out = ROOT / "docs" / "screenshots"
    prefix = f"review-{size}" + ("" if lang == "en" else f"-{lang}")

    def settle(ms=500):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_for(signal, ms=60_000):
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(name):
        settle()
        path = out / f"{prefix}-{name}.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        print("wrote", path, flush=True)

    # A case from another clinic, exported as a bundle (what a dermatologist receives).
    clinic = CaseStore(work / "clinic")
    analyzer = Analyzer.load(None, "cpu")
    cid = clinic.create_case("Clinic-17 / 2026-0142", "Left forearm")
    for name in ("ISIC_0034529.jpg", "ISIC_0034545.jpg"):
        img = load_image(SAMPLES / name)
        iid = clinic.add_image(cid, img.rgb, "file", name)
        clinic.add_analysis(iid, analyzer.analyze(img.rgb))
    bundle = export_bundle(clinic, cid, work / "sent", with_pdf=False)
    clinic.close()

    win = MainWindow(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    win.show()
    wait_for(win.ctrl.models_ready)
    first = win.maybe_first_run()
    shot("1-first-run")
    first.accept()

    visit = work / "visit-2026-12-01"
    visit.mkdir()
    for f in sorted(SAMPLES.glob("*.jpg"))[:24]:
        shutil.copy(f, visit / f.name)
    win.open_folder(visit)
    while win.folder.busy():
        settle(300)
    win.show_tab(win.folder)
    shot("2-folder-table")

    refused = next((p for p, s in win.folder.rows.items() if s["triage"] == "cannot_assess"), None)
    if refused:
        win.thumbs.select_key(refused)
        wait_for(win.ctrl.analysis_ready)
        win.show_tab(win.results)
        shot("3-refusal")

    case_id = win.import_case(bundle)
    win.open_case(case_id, 0)
    wait_for(win.ctrl.analysis_ready)
    shot("4-imported-case-heatmap")

    win.show_tab(win.cases)
    shot("7-cases-tab")
    dlg = FollowUpDialog(win.cases.store, win.cases.store.get_case(case_id), win)
    dlg.show()
    shot("5-follow-up")
    dlg.close()

    save = SaveCaseDialog(win)
    save.pseudonym.setText("2026-0157")
    save.site.setCurrentIndex(save.site.findData("upper_arm"))
    save.side_buttons["right"].setChecked(True)
    save.detail.setText("outer side, 4 cm above the elbow")
    save.show()
    shot("6-save-dialog")
    save.close()
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
