"""`Validate on our cases` and `Install model update...` (issue 18): the clinic's confirmed cases
scored with one or more models side by side, on a thread with progress and Cancel, exportable as
a PDF; a signed update is verified before it is listed, and the app offers to validate it
against the current model before it becomes the default."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inference.validation import compare_with_card, report, text_report

NOTICE = "Triage support only - not a diagnosis. These figures describe the model on your cases."


class ValidationWorker(QThread):
    progress = Signal(int, int)  # done, total (over all models)
    finished_ok = Signal(dict)  # model id -> (report, card rows)
    failed = Signal(str)

    def __init__(self, store, model_ids: list[str], confirm_types: tuple[str, ...]):
        super().__init__()
        self.store, self.model_ids, self.confirm_types = store, model_ids, confirm_types

    def run(self):
        from cases.validation import items_from_store
        from inference.analysis import Analyzer

        try:
            out = {}
            for n, mid in enumerate(self.model_ids):
                an = Analyzer.load(mid, "cpu")

                def step(done, total, n=n):
                    if self.isInterruptionRequested():
                        raise InterruptedError
                    self.progress.emit(n * total + done, total * len(self.model_ids))

                items = items_from_store(an, self.store, self.confirm_types, step)
                rep = report(items, n_boot=500)
                out[mid] = (rep, compare_with_card(rep, an.classifiers[0].manifest.raw) if rep["n"] else [])
            self.finished_ok.emit(out)
        except InterruptedError:
            self.failed.emit("Cancelled.")
        except Exception as e:  # noqa: BLE001 - reported in the dialog, never a silent death
            self.failed.emit(str(e))


ROWS = [
    ("balanced_accuracy", "Balanced accuracy"),
    ("accuracy", "Accuracy"),
    ("malignant_auc", "Malignant AUC"),
    (("referral", "sensitivity"), "Referral sensitivity"),
    (("referral", "specificity"), "Referral specificity"),
    (("urgent", "sensitivity"), "Urgent sensitivity"),
    (("urgent", "specificity"), "Urgent specificity"),
    ("cannot_assess", "Cannot assess"),
    ("ece", "Calibration error (ECE)"),
]


def _cell(rep: dict, key) -> str:
    fig = rep[key[0]][key[1]] if isinstance(key, tuple) else rep.get(key)
    if not fig or fig.get("value") is None:
        return "n/a"
    lo, hi = fig.get("ci95") or [None, None]
    return f"{fig['value']:.3f}" + (f"  ({lo:.3f}-{hi:.3f})" if lo is not None and hi is not None else "")


class ValidationDialog(QDialog):
    """Choose the models and the confirmations that count, see how many cases that gives, then Start."""

    def __init__(self, store, model_ids: list[str], parent=None, confirm_types=None, available=None):
        super().__init__(parent)
        from cases.schema_gate import CONFIRM_TYPES

        self.setWindowTitle(self.tr("Validate on our cases"))
        self.resize(900, 620)
        self.store, self.model_ids = store, list(model_ids)
        self.results: dict = {}
        self.worker: ValidationWorker | None = None
        notice = QLabel(self.tr(NOTICE))
        notice.setStyleSheet("background:#fff4e5;color:#8a4b00;padding:6px;font-weight:bold")
        chosen = set(model_ids)
        self.model_boxes = {}
        models_row = QHBoxLayout()
        models_row.addWidget(QLabel(self.tr("Models:")))
        for mid, name in available or [(m, m) for m in model_ids]:
            box = QCheckBox(name)
            box.setToolTip(mid)
            box.setChecked(mid in chosen)
            box.toggled.connect(self._update_count)
            self.model_boxes[mid] = box
            models_row.addWidget(box)
        models_row.addStretch(1)
        wanted = set(confirm_types) if confirm_types else {t for t in CONFIRM_TYPES if t != "clinical"}
        self.type_boxes = {}
        types_row = QHBoxLayout()
        types_row.addWidget(QLabel(self.tr("Confirmations that count:")))
        for t in CONFIRM_TYPES:
            box = QCheckBox(self.type_label(t, long=True))
            box.setChecked(t in wanted)
            box.toggled.connect(self._update_count)
            self.type_boxes[t] = box
            types_row.addWidget(box)
        types_row.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.table = QTableWidget(0, 1)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color:#8a4b00")
        self.start_btn = QPushButton(self.tr("Start"))
        self.start_btn.setDefault(True)
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.pdf_btn = QPushButton(self.tr("Export PDF..."))
        self.pdf_btn.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.start_btn, self.cancel_btn, self.pdf_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(notice)
        lay.addLayout(models_row)
        lay.addLayout(types_row)
        for w in (self.status, self.bar, self.table, self.warnings):
            lay.addWidget(w)
        lay.addLayout(buttons)
        self.start_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self.cancel)
        self.pdf_btn.clicked.connect(self.export_pdf)
        self._update_count()

    def type_label(self, t: str, long: bool = False) -> str:
        labels = {
            "histopathology": (self.tr("histopathology"), self.tr("histopathology")),
            "follow-up": (self.tr("follow-up"), self.tr("follow-up (no change over time)")),
            "consensus": (self.tr("consensus"), self.tr("expert consensus")),
            "clinical": (
                self.tr("clinical only"),
                self.tr("clinical only (a clinician's judgement, often from the photo itself)"),
            ),
        }
        return labels.get(t, (t, t))[1 if long else 0]

    def chosen_models(self) -> list[str]:
        return [m for m, b in self.model_boxes.items() if b.isChecked()]

    def chosen_types(self) -> tuple[str, ...]:
        return tuple(t for t, b in self.type_boxes.items() if b.isChecked())

    def _update_count(self) -> None:
        from cases.validation import confirmed_counts

        counts = confirmed_counts(self.store)
        n = sum(counts.get(t, 0) for t in self.chosen_types())
        per = ", ".join(f"{self.type_label(t)} {counts.get(t, 0)}" for t in self.type_boxes)
        self.status.setText(
            self.tr("{0} confirmed case(s) will be scored ({1}).").format(n, per)
            + ("" if n else " " + self.tr("Choose the confirmations that count, or confirm cases first."))
        )
        busy = self.worker is not None and self.worker.isRunning()
        self.start_btn.setEnabled(not busy and n > 0 and bool(self.chosen_models()))

    def start(self) -> None:
        """Score the chosen models on the chosen confirmations, on a thread (progress, Cancel)."""
        self.model_ids = self.chosen_models()
        if not self.model_ids or (self.worker is not None and self.worker.isRunning()):
            return
        self.results = {}
        self.table.setRowCount(0)
        self.table.setColumnCount(len(self.model_ids) + 1)
        names = {m: b.text() for m, b in self.model_boxes.items()}
        self.table.setHorizontalHeaderLabels([self.tr("Figure (95 % interval)"), *(names[m] for m in self.model_ids)])
        self.warnings.clear()
        self.pdf_btn.setEnabled(False)
        self.status.setText(self.tr("Scoring every confirmed case with {0}...").format(", ".join(self.model_ids)))
        self.worker = ValidationWorker(self.store, self.model_ids, self.chosen_types())
        self.worker.progress.connect(self._progress)
        self.worker.finished_ok.connect(self._show)
        self.worker.failed.connect(self._failed)
        self.cancel_btn.setEnabled(True)
        self.start_btn.setEnabled(False)
        for b in (*self.model_boxes.values(), *self.type_boxes.values()):
            b.setEnabled(False)
        self.worker.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.requestInterruption()

    def _idle(self) -> None:
        self.cancel_btn.setEnabled(False)
        for b in (*self.model_boxes.values(), *self.type_boxes.values()):
            b.setEnabled(True)
        self.start_btn.setEnabled(True)

    def _progress(self, done: int, total: int):
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _failed(self, message: str):
        self.status.setText(message)
        self._idle()

    def _show(self, results: dict):
        self.results = results
        self._idle()
        first = next(iter(results.values()))[0]
        if not first.get("n"):
            self.status.setText(self.tr("No confirmed cases yet: annotate cases with a confirmed diagnosis first."))
            return
        self.status.setText(
            self.tr("{0} photo(s) of {1} confirmed case(s). Card figures: {2}.").format(
                first["n"], first["lesions"], results[self.model_ids[0]][1][0]["card_source"]
            )
        )
        rows = [(label, [_cell(results[m][0], key) for m in self.model_ids]) for key, label in ROWS]
        for r in results[self.model_ids[0]][1]:  # each model's card figure beside the clinic's
            label = self.tr("{0} on the model card").format(r["figure"][:1].upper() + r["figure"][1:])
            rows.append((label, [_card(results[m][1], r["figure"]) for m in self.model_ids]))
        self.table.setRowCount(len(rows))
        for i, (label, cells) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(label))
            for j, c in enumerate(cells):
                self.table.setItem(i, j + 1, QTableWidgetItem(c))
        self.table.resizeColumnsToContents()
        self.warnings.setText("\n".join(first.get("warnings") or []))
        self.pdf_btn.setEnabled(True)

    def export_pdf(self, path: str | None = None) -> str | None:
        from cases.files import atomic_write
        from cases.pdf import render_validation_pdf

        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save validation report"), "validation.pdf", "PDF (*.pdf)"
            )
        if not path:
            return None
        mid = self.model_ids[0]
        rep, card = self.results[mid]
        from pathlib import Path

        atomic_write(Path(path), render_validation_pdf(mid, rep, card))
        self.status.setText(self.tr("Report saved to {0}").format(path))
        return path

    def text(self) -> str:
        return "\n\n".join(text_report(m, *self.results[m]) for m in self.model_ids if m in self.results)

    def done(self, r):
        if self.worker is not None:
            self.worker.requestInterruption()
            self.worker.wait(10_000)
        super().done(r)


def _card(rows: list[dict], figure: str) -> str:
    for r in rows:
        if r["figure"] == figure:
            if r["card"] is None:
                return "n/a"
            lo, hi = r.get("card_ci95") or [None, None]
            return f"{r['card']:.3f}" + (f"  ({lo:.3f}-{hi:.3f})" if lo is not None and hi is not None else "")
    return "n/a"


def install_update(parent: QWidget, store_getter, current_model: str | None) -> str | None:
    """Ask for a package, verify and install it; offer a side-by-side validation. Returns the id."""
    from inference.errors import ModelError
    from inference.install import install

    path, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("Install model update"), "", parent.tr("Model package (*.zip);;All files (*)")
    )
    if not path:
        return None
    try:
        entry = install(path)
    except ModelError as e:
        QMessageBox.warning(parent, parent.tr("Model update refused"), str(e))
        return None
    answer = QMessageBox.question(
        parent,
        parent.tr("Model installed"),
        parent.tr(
            "{0} was verified (signed by a trusted key, every file checked) and installed.\n\n"
            "Validate it against the current model on your confirmed cases before using it?"
        ).format(entry.manifest.display_name),
    )
    if answer == QMessageBox.StandardButton.Yes and current_model:
        from inference.registry import find_model

        ids = [current_model, entry.id]
        names = [(m, find_model(m).manifest.display_name) for m in ids]
        ValidationDialog(store_getter(), ids, parent, available=names).exec()
    return entry.id
