"""A folder of photos: every photo analysed on its own thread, with progress and Cancel, into a
sortable table (urgent first) with triage badges on the thumbnails, CSV export and 'save all'."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QThread, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import class_name, core, label, message, reason_text
from desktop.results_panel import TRIAGE_COLOURS
from desktop.widgets import notice_label
from inference.analysis import NOTICE
from inference.textsafe import spreadsheet_safe
from inference.triage import LABELS, OUTCOMES

# Urgent first, then referral, cannot assess (a refusal means refer), monitor.
RANK = {"urgent_referral": 0, "referral": 1, "cannot_assess": 2, "monitor": 3, "error": 4}
COLUMNS = ("Photo", "Triage", "Malignant", "Most likely", "Warnings")
assert set(OUTCOMES) <= set(RANK)


def summary(analysis) -> dict:
    """'warnings': the photo's warnings, or the refusal's reason, as inference/ gave them (English);
    the table translates them one by one."""
    assessable = analysis.triage != "cannot_assess"
    return {
        "triage": analysis.triage,
        "malignant": analysis.malignant_probability if assessable else None,
        "predicted": analysis.predicted if assessable else None,
        "warnings": tuple(analysis.warnings) if assessable else (analysis.reason,),
    }


class BatchRunner(QThread):
    """Analyses the files in order; `save` also hands back photo and analysis for saving."""

    done = Signal()  # emitted last from run() itself: QThread.finished can overtake queued results
    analysed = Signal(int, str, object, object, object)  # index, path, summary or None, error, (image, analysis)

    def __init__(self, files: list[Path], model: str, save: bool = False, crop_fov: bool = False, parent=None):
        super().__init__(parent)
        self.files, self.model, self.save, self.crop_fov = files, model, save, crop_fov
        self._cancel = threading.Event()
        self.setObjectName("batch")

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.done.emit()

    def _run(self) -> None:
        from inference.adjust import detect_fov
        from inference.analysis import Analyzer, Settings
        from inference.errors import DermaTriageError
        from inference.imageio import load_image

        try:
            # One core for the whole folder (network and checks in turn): the other stays for the viewer.
            analyzer = Analyzer.load(self.model or None, "auto", threads=1, overlap=False)
        except Exception as e:
            for i, f in enumerate(self.files):
                self.analysed.emit(i, str(f), None, f"The model could not be loaded: {e}", None)
            return
        for i, f in enumerate(self.files):
            if self._cancel.is_set():
                return
            try:
                img = load_image(f)
                # Settings: cropped to the dermatoscope's lit circle when one is found (kept with a saved case).
                a = analyzer.analyze(img.rgb, Settings(crop_box=detect_fov(img.rgb) if self.crop_fov else None))
                self.analysed.emit(i, str(f), summary(a), None, (img, a) if self.save else None)
            except (DermaTriageError, MemoryError) as e:
                self.analysed.emit(i, str(f), None, str(e) or "not enough memory", None)
            except Exception as e:  # one bad photo never ends the batch
                self.analysed.emit(i, str(f), None, f"{type(e).__name__}: {e}", None)


class SortItem(QTableWidgetItem):
    """Sorts by its UserRole value (triage rank, probability) rather than by its text."""

    def __lt__(self, other):
        a, b = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if a is None or b is None:
            return super().__lt__(other)
        return a < b


class FolderPanel(QWidget):
    photo_chosen = Signal(str)
    badge = Signal(str, str, str)  # path, text, colour (for the thumbnail strip)

    def __init__(self, model_id, store_getter, notify, crop_fov=lambda: False, parent=None):
        super().__init__(parent)
        self.model_id, self.store_getter, self.notify, self.crop_fov = model_id, store_getter, notify, crop_fov
        self.files: list[Path] = []
        self.rows: dict[str, dict] = {}
        self.runner: BatchRunner | None = None
        self._done = True
        self.saved = 0
        self.saved_paths: set[str] = set()
        lay = QVBoxLayout(self)
        notice = notice_label()
        lay.addWidget(notice)
        self.title = QLabel(self.tr("Open a folder to see all its photos here."))
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        prow = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m photos"))
        self.progress.setAccessibleName(self.tr("Folder progress"))
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.cancel_btn)
        lay.addLayout(prow)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([core(c) for c in COLUMNS])
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        # The digits that tell photos apart are at the end of their names: cut in the middle.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Results for the folder"))
        lay.addWidget(self.table, 1)
        brow = QHBoxLayout()
        self.export_btn = QPushButton(self.tr("Export CSV..."))
        self.save_btn = QPushButton(self.tr("Save all as cases"))
        brow.addWidget(self.export_btn)
        brow.addWidget(self.save_btn)
        lay.addLayout(brow)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.cancel_btn.clicked.connect(self.cancel)
        self.export_btn.clicked.connect(lambda: self.export_csv())
        self.save_btn.clicked.connect(self.save_all)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.photo_chosen.emit(self.table.item(r, 0).toolTip()))

    # --- running -------------------------------------------------------------------------
    def start(self, folder: Path, files: list[Path]) -> None:
        self.cancel()
        self.files, self.rows, self.saved = list(files), {}, 0
        self.saved_paths: set[str] = set()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        self.title.setText(self.tr("{0}: {1} photos, analysed one after another.").format(folder.name, len(files)))
        self._run(save=False)

    def _run(self, save: bool, files: list[Path] | None = None) -> None:
        self._done = False
        self.runner = BatchRunner(
            files if files is not None else self.files, self.model_id(), save, self.crop_fov(), self
        )
        # The bar counts the results this window has taken in, from the same signal as the rows: a
        # separate progress signal could still be queued when the thread has already ended.
        self.runner.analysed.connect(self._saved if save else self._analysed)
        self.runner.done.connect(self._finished)
        self.progress.setRange(0, len(self.runner.files))
        self.progress.setValue(0)
        self.cancel_btn.setEnabled(True)
        self.save_btn.setEnabled(False)
        self.runner.start()

    def cancel(self) -> None:
        if not self.busy():
            return
        running = self.runner.isRunning()
        self.runner.cancel()
        self.runner.wait(30_000)
        # Take in what the thread sent before it stopped (results still queued, then its end).
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        if running:
            self.status.setText(
                self.tr("Cancelled after {0} of {1} photos.").format(self.progress.value(), len(self.files))
            )

    def busy(self) -> bool:
        """Until the runner's end has been taken in here, not only until its thread stopped."""
        return self.runner is not None and (self.runner.isRunning() or not self._done)

    def _finished(self) -> None:
        self._done = True
        self.cancel_btn.setEnabled(False)
        self.save_btn.setEnabled(bool(self.rows))
        self.table.setSortingEnabled(True)
        self.table.sortItems(1, Qt.SortOrder.AscendingOrder)  # urgent first
        if self.runner is not None and self.runner.save and not self.runner.cancelled:
            self.status.setText(self.tr("Saved {0} photos as new cases (pseudonym: the file name).").format(self.saved))
            self.notify(self.status.text())
        elif self.runner is not None and not self.runner.cancelled:
            n = sum(1 for r in self.rows.values() if r["triage"] in ("urgent_referral", "referral", "cannot_assess"))
            self.status.setText(self.tr("Done: {0} of {1} photos need a dermatologist.").format(n, len(self.rows)))

    def _analysed(self, i: int, path: str, s: dict | None, error: str | None, _payload) -> None:
        self.progress.setValue(i + 1)
        s = s or {"triage": "error", "malignant": None, "predicted": None, "warnings": (error or "",)}
        # In the app's language: the refusal's reason, or each warning.
        translate = reason_text if s["triage"] == "cannot_assess" else message
        s = {**s, "warnings": "; ".join(translate(w) for w in s["warnings"])}
        self.rows[path] = s
        text = label(s["triage"]) if s["triage"] in LABELS else core("Could not analyse")
        colour = TRIAGE_COLOURS.get(s["triage"], "#5f6368")
        cells = [
            (Path(path).name, Path(path).name.lower()),
            (text, RANK[s["triage"]]),
            ("" if s["malignant"] is None else f"{s['malignant']:.0%}", -(s["malignant"] or -1.0)),
            (class_name(s["predicted"]) if s["predicted"] else "", s["predicted"] or "~"),
            (s["warnings"], s["warnings"]),
        ]
        sorting = self.table.isSortingEnabled()  # a late result must not land in a re-sorted row
        self.table.setSortingEnabled(False)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, (cell, key) in enumerate(cells):
            item = SortItem(cell)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if col == 0:
                item.setToolTip(path)
            if col == 1:
                item.setForeground(QColor(colour))
            self.table.setItem(row, col, item)
        self.table.setSortingEnabled(sorting)
        self.badge.emit(path, text, colour)

    # --- output --------------------------------------------------------------------------
    def export_csv(self, path: str | None = None) -> Path | None:
        if not self.rows:
            self.status.setText(self.tr("Nothing to export yet."))
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export results"), "results.csv", "CSV (*.csv)")
            if not path:
                return None
        order = sorted(self.rows.items(), key=lambda kv: (RANK[kv[1]["triage"]], -(kv[1]["malignant"] or -1)))
        tmp = Path(path).with_name(Path(path).name + ".part")
        try:
            with open(tmp, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["file", "triage", "malignant_probability", "most_likely", "warnings", "notice"])
                for p, s in order:
                    w.writerow(
                        [
                            spreadsheet_safe(Path(p).name),
                            s["triage"],
                            "" if s["malignant"] is None else f"{s['malignant']:.4f}",
                            s["predicted"] or "",
                            spreadsheet_safe(s["warnings"]),
                            NOTICE,
                        ]
                    )
            tmp.replace(path)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            self.status.setText(self.tr("The CSV could not be written: {0}").format(e.strerror or e))
            return None
        self.status.setText(self.tr("Exported {0} rows to {1}.").format(len(order), path))
        return Path(path)

    def save_all(self) -> None:
        """Each photo becomes a case with its analysis (re-run here, so what is saved is complete).
        A photo of this folder already saved is never saved twice (issue 31.7: pressed twice, 40
        photos made 80 cases)."""
        if self.busy() or not self.files:
            return
        todo = [f for f in self.files if str(f) not in self.saved_paths]
        if not todo:
            self.status.setText(
                self.tr("All {0} photos of this folder are already saved as cases.").format(len(self.files))
            )
            return
        self.status.setText(self.tr("Saving {0} photos as cases...").format(len(todo)))
        self._run(save=True, files=todo)

    def _saved(self, i: int, path: str, s, error, payload) -> None:
        self.progress.setValue(i + 1)
        if payload is None:
            return
        img, a = payload
        try:
            self.store_getter().save_analysis_from_file(Path(path), img, a)
            self.saved += 1
            self.saved_paths.add(path)
        except Exception as e:  # a full disk: stop, say so; what was saved stays saved
            self.runner.cancel()
            self.status.setText(self.tr("Stopped after {0} saved: {1}").format(self.saved, e))
