"""Cases: list with search and filters, save the current photo + analysis, annotate (with undo),
follow-up (several photos of one lesion over time, two side by side), export."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cases.store import CONFIRM_TYPES, DIAGNOSES, CaseStore, StoreCorruptError, StoreError
from desktop.flow import FlowLayout
from desktop.i18n import class_name, core, label
from desktop.widgets import notice_label
from desktop.worklist import WorklistView, case_name
from inference.classes import DISPLAY_NAMES
from inference.triage import OUTCOMES


class AnnotationEdit(QUndoCommand):
    def __init__(self, panel, case_id, before: dict, after: dict):
        super().__init__("annotation")
        self.panel, self.case_id, self.before, self.after = panel, case_id, before, after

    def redo(self):
        self.panel.apply_annotation(self.case_id, self.after)

    def undo(self):
        self.panel.apply_annotation(self.case_id, self.before)


class CasesPanel(QWidget):
    case_saved = Signal(str)
    open_requested = Signal(str)  # case id: show its photos in the viewer

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.ctrl = controller
        self._store: CaseStore | None = None
        self.undo = QUndoStack(self)
        lay = QVBoxLayout(self)
        notice = notice_label()
        lay.addWidget(notice)
        # New case from the current photo (the dialog asks for pseudonym and body site)
        row = FlowLayout()
        self.save_btn = QPushButton(self.tr("Save as new case..."))
        self.follow_btn = QPushButton(self.tr("Add to selected case (follow-up)"))
        row.addWidget(self.save_btn)
        row.addWidget(self.follow_btn)
        lay.addLayout(row)
        # Filters
        frow = FlowLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search"))
        self.search.setAccessibleName(self.tr("Search cases"))
        self.triage_filter = QComboBox()
        self.triage_filter.addItem(self.tr("Any triage"), None)
        for o in OUTCOMES:
            self.triage_filter.addItem(label(o), o)
        self.unreviewed = QCheckBox(self.tr("Unreviewed"))
        self.inbox_only = QCheckBox(self.tr("Inbox"))
        self.inbox_only.setToolTip(self.tr("Only the cases received from the server, the latest arrival first"))
        self.show_bin = QCheckBox(self.tr("Bin"))
        self.show_bin.setToolTip(self.tr("Show the cases moved to the bin (they can be restored)"))
        self.search.setMinimumWidth(160)
        frow.addWidget(self.search)
        frow.addWidget(self.triage_filter)
        frow.addWidget(self.unreviewed)
        frow.addWidget(self.inbox_only)
        frow.addWidget(self.show_bin)
        lay.addLayout(frow)
        self.list = WorklistView()
        self.list.setAccessibleName(self.tr("Cases"))
        self.list.setToolTip(
            self.tr(
                "Most urgent first, then newest; click a column to sort by it. "
                "Double-click a case to open its photos in the viewer"
            )
        )
        lay.addWidget(self.list, 1)
        crow = FlowLayout()
        self.open_btn = QPushButton(self.tr("Open in viewer"))
        self.edit_btn = QPushButton(self.tr("Edit details..."))
        self.delete_btn = QPushButton(self.tr("Move to bin"))
        for b in (self.open_btn, self.edit_btn, self.delete_btn):
            crow.addWidget(b)
        lay.addLayout(crow)
        # Annotation
        ann = QFormLayout()
        self.diagnosis = QComboBox()
        self.diagnosis.addItem("", None)
        for d in DIAGNOSES:
            self.diagnosis.addItem(class_name(d) if d in DISPLAY_NAMES else self.tr("Other"), d)
        self.diagnosis.setAccessibleName(self.tr("Diagnosis"))
        self.confirm = QComboBox()
        self.confirm.addItem("", "")
        for c in CONFIRM_TYPES:
            self.confirm.addItem(c.capitalize(), c)
        self.confirm.setAccessibleName(self.tr("Confirmed by"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setAccessibleName(self.tr("Notes"))
        self.author = QLineEdit()
        self.author.setAccessibleName(self.tr("Author"))
        ann.addRow(self.tr("Diagnosis"), self.diagnosis)
        ann.addRow(self.tr("Confirmed by"), self.confirm)
        ann.addRow(self.tr("Notes"), self.notes)
        ann.addRow(self.tr("Author"), self.author)
        lay.addLayout(ann)
        brow = FlowLayout()
        self.annotate_btn = QPushButton(self.tr("Save annotation"))
        self.undo_btn = QPushButton(self.tr("Undo"))
        self.undo_btn.setShortcut("Ctrl+Z")
        self.compare_btn = QPushButton(self.tr("Compare follow-up"))
        self.export_btn = QPushButton(self.tr("Export..."))
        for b in (self.annotate_btn, self.undo_btn, self.compare_btn, self.export_btn):
            brow.addWidget(b)
        lay.addLayout(brow)
        from desktop.exchange_panel import ExchangeBar

        self.exchange = ExchangeBar(self)
        lay.addWidget(self.exchange)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        self.save_btn.clicked.connect(lambda: self.save_current())
        self.follow_btn.clicked.connect(self.add_follow_up)
        self.search.textChanged.connect(lambda _: self.refresh())
        self.triage_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.unreviewed.toggled.connect(lambda _: self.refresh())
        self.inbox_only.toggled.connect(lambda on: (self.list.sort_for_inbox(on), self.refresh()))
        self.show_bin.toggled.connect(self._bin_toggled)
        self.list.doubleClicked.connect(lambda *_: self.open_selected())
        self.open_btn.clicked.connect(self.open_selected)
        self.edit_btn.clicked.connect(lambda: self.edit_selected())
        self.delete_btn.clicked.connect(lambda: self.bin_selected())
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._load_annotation())
        self.list.selectionModel().selectionChanged.connect(lambda *_: self.exchange.refresh())
        self.annotate_btn.clicked.connect(self.save_annotation)
        self.undo_btn.clicked.connect(self.undo.undo)
        self.compare_btn.clicked.connect(self.compare)
        self.export_btn.clicked.connect(self.export)

    @property
    def store(self) -> CaseStore:
        if self._store is None:
            try:
                self._store = CaseStore.open_default()
            except StoreCorruptError as e:
                self._store = self._recover(e)
            for w in self._store.warnings:
                self.ctrl.error.emit(w)
            try:
                self._store.maybe_snapshot()
            except StoreError as e:  # a full disk: say so, keep working with what is there
                self.ctrl.error.emit(str(e))
        return self._store

    def _recover(self, err: StoreCorruptError) -> CaseStore:
        """quick_check failed: offer the newest snapshot (the damaged file is kept aside)."""
        from PySide6.QtWidgets import QMessageBox

        if not err.snapshots:
            raise err
        newest = err.snapshots[0]
        answer = QMessageBox.question(
            self,
            self.tr("Case database damaged"),
            self.tr(
                "{0}\n\nRestore the snapshot of {1}? Cases saved after it would have to be "
                "re-imported from their case.json files."
            ).format(str(err), newest.stem[6:]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            raise err
        home = newest.parent.parent
        CaseStore.restore_snapshot(home, newest)
        store = CaseStore(home)
        from cases.importer import rebuild_store

        restored = rebuild_store(store)
        self.ctrl.notice.emit(
            self.tr("Database restored from a snapshot; {0} newer case(s) rebuilt from their case.json files.").format(
                restored
            )
        )
        return store

    def showEvent(self, e):
        super().showEvent(e)
        self.refresh()

    def refresh(self) -> None:
        try:
            cases = self.store.list_cases(
                self.search.text(),
                self.triage_filter.currentData(),
                unreviewed=self.unreviewed.isChecked(),
                in_bin=self.show_bin.isChecked(),
                received=self.inbox_only.isChecked(),
            )
        except StoreError as e:
            self.status.setText(str(e))
            return
        self.list.set_cases(cases, self.selected_case())

    def selected_case(self) -> str | None:
        return self.list.current_case()

    def select_case(self, case_id: str) -> None:
        self.list.select_case(case_id)

    def import_bundle(self, path) -> str | None:
        """Import (or merge) a case bundle; says what happened; selects the case."""
        ids = self.import_bundles([path])
        return ids[0] if ids else None

    def import_bundles(self, paths) -> list[str]:
        """Import several bundles at once; one message naming each case; the last one selected."""
        from PySide6.QtGui import QGuiApplication

        from cases.export import import_bundle

        done, lines, failed = [], [], 0
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for path in paths:
                try:
                    result = import_bundle(self.store, path)
                except StoreError as e:
                    failed += 1
                    lines.append(str(e))
                    continue
                done.append(result.case_id)
                lines.append(result.summary(core, case_name(self.store, result.case_id)))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if done:
            self.search.clear()
            self.unreviewed.setChecked(False)
            self.refresh()
            self.select_case(done[-1])
        text = "\n".join(lines)
        if len(paths) > 1:
            head = self.tr("{0} of {1} case file(s) imported.").format(len(done), len(paths))
            text = head + "\n" + text
        self.status.setText(text)
        if failed and not done:
            self.ctrl.error.emit(text)
        else:
            self.ctrl.notice.emit(self.tr("Case imported: {0}").format(text) if len(paths) == 1 else text)
        return done

    def _save_image_and_analysis(self, case_id: str) -> None:
        c = self.ctrl
        image_id = self.store.add_image(
            case_id, c.image.rgb, c.source, c.path.name if c.path else "", crop_box=c.crop_box, gamma=c.gamma
        )
        if c.analysis is not None:
            self.store.add_analysis(image_id, c.analysis, author=self.author.text())

    def save_current(self, values: dict | None = None) -> str | None:
        """Ask for pseudonym and body site (unless `values` gives them), save, say so, select it."""
        if self.ctrl.image is None:
            self.ctrl.error.emit(self.tr("Open or capture a photo first."))
            return None
        if values is None:
            from desktop.save_dialog import SaveCaseDialog

            dlg = SaveCaseDialog(self.window(), author=self.author.text())
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
            values = dlg.values()
        if values.get("author"):
            self.author.setText(values["author"])
        try:
            case_id = self.store.create_case(values["pseudonym"], values["body_site"], self.author.text())
            self._save_image_and_analysis(case_id)
        except StoreError as e:
            self.ctrl.error.emit(str(e))
            return None
        where = " · ".join(v for v in (values["pseudonym"] or self.tr("anonymous"), values["body_site"]) if v)
        self.status.setText(self.tr("Saved as a new case: {0}.").format(where))
        self.ctrl.notice.emit(self.tr("Saved as a new case: {0}. It is selected on the Cases tab.").format(where))
        self.search.clear()
        self.triage_filter.setCurrentIndex(0)
        self.unreviewed.setChecked(False)
        self.show_bin.setChecked(False)
        self.refresh()
        self.select_case(case_id)
        self.case_saved.emit(case_id)
        return case_id

    def open_selected(self) -> None:
        case_id = self.selected_case()
        if case_id is None:
            self.status.setText(self.tr("Select a case first."))
            return
        self.open_requested.emit(case_id)

    def edit_selected(self, values: dict | None = None) -> bool:
        from cases.edit import update_case

        case_id = self.selected_case()
        if case_id is None:
            self.status.setText(self.tr("Select a case first."))
            return False
        case = self.store.get_case(case_id)
        if values is None:
            from desktop.save_dialog import SaveCaseDialog

            dlg = SaveCaseDialog(
                self.window(), self.tr("Edit case"), case["pseudonym"], case["body_site"] or "", self.author.text()
            )
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dlg.values()
        try:
            changed = update_case(self.store, case_id, values["pseudonym"], values["body_site"], self.author.text())
        except StoreError as e:
            self.ctrl.error.emit(str(e))
            return False
        self.refresh()
        self.status.setText(
            self.tr("Case updated ({0}); the change is in its audit trail.").format(", ".join(changed))
            if changed
            else self.tr("Nothing changed.")
        )
        return bool(changed)

    def bin_selected(self, confirm: bool = True) -> bool:
        """Move to the bin (or, while the bin is shown, restore). Audited; nothing is erased."""
        from PySide6.QtWidgets import QMessageBox

        from cases.edit import delete_case, restore_case

        case_id = self.selected_case()
        if case_id is None:
            self.status.setText(self.tr("Select a case first."))
            return False
        restoring = self.show_bin.isChecked()
        if confirm and not restoring:
            answer = QMessageBox.question(
                self,
                self.tr("Move to bin"),
                self.tr(
                    "Move this case to the bin? It leaves the list but keeps its photos, analyses and "
                    "audit trail; tick 'Bin' to see and restore it."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            (restore_case if restoring else delete_case)(self.store, case_id, self.author.text())
        except StoreError as e:
            self.ctrl.error.emit(str(e))
            return False
        self.refresh()
        self.status.setText(self.tr("Case restored.") if restoring else self.tr("Case moved to the bin."))
        return True

    def _bin_toggled(self, on: bool) -> None:
        self.delete_btn.setText(self.tr("Restore from bin") if on else self.tr("Move to bin"))
        self.refresh()

    def add_follow_up(self) -> None:
        case_id = self.selected_case()
        if case_id is None or self.ctrl.image is None:
            self.ctrl.error.emit(self.tr("Open a photo and select the case it follows up."))
            return
        self._save_image_and_analysis(case_id)
        self.status.setText(self.tr("Follow-up photo added."))
        self.refresh()

    def _form(self) -> dict:
        return {
            "diagnosis": self.diagnosis.currentData(),
            "confirm_type": self.confirm.currentData(),
            "notes": self.notes.toPlainText(),
        }

    def _load_annotation(self) -> None:
        case_id = self.selected_case()
        ann = (self.store.get_case(case_id)["annotation"] or {}) if case_id else {}
        self.diagnosis.setCurrentIndex(max(0, self.diagnosis.findData(ann.get("diagnosis"))))
        self.confirm.setCurrentIndex(max(0, self.confirm.findData(ann.get("confirm_type") or "")))
        self.notes.setPlainText(ann.get("notes") or "")

    def save_annotation(self) -> None:
        case_id = self.selected_case()
        if case_id is None:
            self.status.setText(self.tr("Select a case first."))
            return
        ann = self.store.get_case(case_id)["annotation"] or {}
        before = {k: ann.get(k) for k in ("diagnosis", "confirm_type", "notes")}
        self.undo.push(AnnotationEdit(self, case_id, before, self._form()))

    def apply_annotation(self, case_id: str, values: dict) -> None:
        self.store.set_annotation(
            case_id, values["diagnosis"], values["confirm_type"] or None, values["notes"] or None, self.author.text()
        )
        self.refresh()
        self._load_annotation()
        self.status.setText(self.tr("Annotation saved (Ctrl+Z to undo)."))

    def compare(self) -> None:
        case_id = self.selected_case()
        if case_id is None:
            return
        case = self.store.get_case(case_id)
        if len(case["images"]) < 2:
            self.status.setText(self.tr("This case has only one photo; add a follow-up first."))
            return
        from desktop.followup import FollowUpDialog

        FollowUpDialog(self.store, case, self.window()).exec()

    def export(self) -> None:
        case_id = self.selected_case()
        if case_id is None:
            self.status.setText(self.tr("Select a case first."))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export case to folder"))
        if not folder:
            return
        from cases.export import export_bundle, export_pdf

        try:
            paths = [export_bundle(self.store, case_id, folder), export_pdf(self.store, case_id, folder)]
            self.status.setText(self.tr("Exported: {0}").format(", ".join(p.name for p in paths)))
        except Exception as e:  # report, never crash
            self.ctrl.error.emit(self.tr("Export failed: {0}").format(e))
