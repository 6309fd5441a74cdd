"""`File > Fit to this clinic...` (issue 29): the default model fitted to the clinic's confirmed cases
on a thread with progress and Cancel; the before / after table (cross-validated on the clinic's
cases, with intervals); Apply only where the rule says the fit helps; the profile in use shown with
a Remove button. Nothing changes until Apply, and Remove goes back to the bundled model exactly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

NOTICE = "Triage support only - not a diagnosis. A fit changes this app's model for this clinic only."
STORE, FOLDER, UNLABELLED = "store", "folder", "unlabelled"


class FitWorker(QThread):
    progress = Signal(int, int, str)  # done, total, what
    finished_ok = Signal(object)  # inference.adapt.FitResult
    failed = Signal(str)

    def __init__(self, source: str, store=None, confirm_types=(), folder: str = "", truth: str = ""):
        super().__init__()
        self.source, self.store, self.confirm_types = source, store, tuple(confirm_types)
        self.folder, self.truth = folder, truth

    def run(self):
        from cases import clinic_fit as F
        from cases.validation import read_truth
        from inference import adapt as A
        from inference.errors import DermaTriageError

        stop = self.isInterruptionRequested
        try:
            an = F.bundled_analyzer()
            c = an.classifiers[0]

            def step(done, total, what=""):
                self.progress.emit(done, total, str(what))

            if self.source == STORE:
                cases = F.from_store(an, self.store, self.confirm_types, step, stop)
            else:
                truth = read_truth(Path(self.truth)) if self.source == FOLDER else None
                cases = F.from_folder(an, [self.folder], truth, [], step, stop)
            self.progress.emit(0, 0, "fitting")
            result = A.fit(cases, c, A.load_nonskin(c.manifest.id, c.manifest.onnx_sha256), cancelled=stop, n_boot=500)
            self.finished_ok.emit(result)
        except (DermaTriageError, ValueError, OSError) as e:
            self.failed.emit(str(e))
        except Exception as e:  # noqa: BLE001 - reported in the dialog, never a silent death
            self.failed.emit(f"The fit failed unexpectedly ({type(e).__name__}: {e}).")


class ClinicFitDialog(QDialog):
    changed = Signal()  # a profile was applied or removed: the models must be loaded again

    def __init__(self, store, parent=None):
        super().__init__(parent)
        from cases.schema_gate import CONFIRM_TYPES

        self.setWindowTitle(self.tr("Fit to this clinic"))
        room = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(min(900, room.width() - 40) if room else 900, min(640, room.height() - 40) if room else 640)
        self.store, self.worker, self.result = store, None, None
        self.folder = self.truth = ""
        notice = QLabel(self.tr(NOTICE))
        notice.setStyleSheet("background:#fff4e5;color:#8a4b00;padding:6px;font-weight:bold")
        notice.setWordWrap(True)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.remove_btn = QPushButton(self.tr("Remove profile"))
        self.remove_btn.clicked.connect(self.remove)
        current_row = QHBoxLayout()
        current_row.addWidget(self.current, 1)
        current_row.addWidget(self.remove_btn)
        self.sources = QButtonGroup(self)
        self.src_store = QRadioButton(self.tr("This app's confirmed cases"))
        self.src_folder = QRadioButton(self.tr("A folder of confirmed photos with a diagnosis CSV..."))
        self.src_unlab = QRadioButton(
            self.tr("A folder of this clinic's photos, no diagnoses (widens the check only)...")
        )
        for i, b in enumerate((self.src_store, self.src_folder, self.src_unlab)):
            self.sources.addButton(b, i)
        self.src_store.setChecked(True)
        self.types = {t: QCheckBox(self.tr(t)) for t in CONFIRM_TYPES}
        types_row = QHBoxLayout()
        types_row.addWidget(QLabel(self.tr("Confirmations that count:")))
        for t, box in self.types.items():
            box.setChecked(t != "clinical")  # a photo-only "clinical" confirmation is not confirmed by default
            types_row.addWidget(box)
        types_row.addStretch(1)
        self.status = QLabel(
            self.tr(
                "The fit uses at least 100 confirmed cases, 20 of them malignant. Each case is predicted by a "
                "fit made without it, so the table shows what a new case of this clinic would get."
            )
        )
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Figure (95 % interval)"), self.tr("Bundled model"), self.tr("Fitted to this clinic")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.start_btn = QPushButton(self.tr("Start fit"))
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.apply_btn = QPushButton(self.tr("Apply"))
        self.close_btn = QPushButton(self.tr("Close"))
        self.cancel_btn.setEnabled(False)
        self.apply_btn.setEnabled(False)
        self.start_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self.cancel)
        self.apply_btn.clicked.connect(self.apply)
        self.close_btn.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.start_btn, self.cancel_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_btn)
        buttons.addWidget(self.close_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(notice)
        lay.addLayout(current_row)
        for w in (self.src_store, self.src_folder, self.src_unlab):
            lay.addWidget(w)
        lay.addLayout(types_row)
        for w in (self.status, self.bar, self.table, self.reasons):
            lay.addWidget(w)
        lay.addLayout(buttons)
        self.show_current()

    # -------------------------------------------------------------- the profile in use

    def _model(self):
        from inference.registry import default_model_id, find_model, verify

        return verify(find_model(default_model_id() or ""))

    def show_current(self) -> None:
        from inference import profile as P

        m = self._model()
        try:
            prof = P.load(m.manifest.id, m.manifest.onnx_sha256, m.ood_arrays)
            text = (
                self.tr("In use: {0} is {1}.").format(m.manifest.display_name, prof.label)
                if prof
                else self.tr("In use: {0} as bundled (not fitted to this clinic).").format(m.manifest.display_name)
            )
            self.remove_btn.setEnabled(prof is not None)
        except P.ProfileError as e:
            text = self.tr("The clinic profile is not used: {0}.").format(e)
            self.remove_btn.setEnabled(True)
        self.current.setText(text)

    def remove(self) -> None:
        from cases.clinic_fit import record_removal
        from inference import profile as P

        m = self._model()
        label = None
        try:
            prof = P.load(m.manifest.id, m.manifest.onnx_sha256, m.ood_arrays)
            label = prof.label if prof else None
        except P.ProfileError:
            label = "an unreadable profile"
        if P.remove(m.manifest.id):
            record_removal(self.store, m.manifest.id, label)
            self.status.setText(self.tr("Profile removed: the bundled model is used exactly as shipped."))
            self.changed.emit()
        self.show_current()

    # -------------------------------------------------------------- a fit

    def start(self, folder: str | None = None, truth: str | None = None) -> bool:
        """Ask for what is needed and start the worker (folder / truth given: no file dialogs)."""
        source = (STORE, FOLDER, UNLABELLED)[self.sources.checkedId()]
        if source != STORE:
            folder = folder or QFileDialog.getExistingDirectory(self, self.tr("Folder of this clinic's photos"))
            if not folder:
                return False
        if source == FOLDER:
            truth = (
                truth
                or QFileDialog.getOpenFileName(
                    self, self.tr("Diagnoses of the photos (CSV)"), str(folder), "CSV (*.csv)"
                )[0]
            )
            if not truth:
                return False
        types = [t for t, box in self.types.items() if box.isChecked()]
        self.worker = FitWorker(source, self.store, types, folder or "", truth or "")
        self.worker.progress.connect(self._progress)
        self.worker.finished_ok.connect(self._show)
        self.worker.failed.connect(self._failed)
        self.result = None
        self.table.setRowCount(0)
        self.reasons.setText("")
        self.apply_btn.setEnabled(False)
        self.start_btn.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        self.status.setText(self.tr("Analysing each photo with the bundled model..."))
        self.worker.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.requestInterruption()
            self.status.setText(self.tr("Cancelling..."))

    def _progress(self, done: int, total: int, what: str) -> None:
        if total == 0:
            self.bar.setRange(0, 0)
            self.status.setText(self.tr("Fitting and cross-validating on this clinic's cases..."))
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(self.tr("Analysing {0} of {1}: {2}").format(done, total, what[:60]))

    def _failed(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(self.tr("Nothing was changed. {0}").format(message))
        self.start_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)

    def _show(self, result) -> None:
        from inference.adapt_report import table_rows

        self.result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.start_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)
        n = result.before.get("n", 0)
        self.status.setText(
            self.tr("{0} photo(s) of {1} lesion(s); each predicted by a fit made without its lesion.").format(
                n, result.before.get("lesions", n)
            )
        )
        labelled = result.profile is not None and result.profile.head is not None
        rows = table_rows(result.before, result.after, labelled)
        ns = result.nonskin
        rows.append((self.tr("non-skin photos refused"), f"{ns['before']:.3f}", f"{ns['after']:.3f}"))
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.table.setItem(i, j, QTableWidgetItem(self.tr(value) if j == 0 else value))
        self.table.resizeColumnsToContents()
        ok = result.applied and result.profile is not None
        colour = "#1b5e20" if ok else "#8a4b00"
        self.reasons.setStyleSheet(f"color:{colour};font-weight:bold")
        self.reasons.setText("\n".join(result.reasons) + ("" if ok else "\n" + self.tr("Nothing was changed.")))
        self.apply_btn.setEnabled(ok)

    def apply(self) -> None:
        from cases.clinic_fit import record_fit
        from inference import profile as P

        if self.result is None or not self.result.applied:
            return
        P.save(self.result.profile)
        record_fit(self.store, self.result.profile)
        self.apply_btn.setEnabled(False)
        self.status.setText(self.tr("Applied: every analysis now says '{0}'.").format(self.result.profile.label))
        self.show_current()
        self.changed.emit()

    def done(self, r):
        if self.worker is not None:
            self.worker.requestInterruption()
            self.worker.wait(10_000)
        super().done(r)
