"""The main window's dialogs: capture, model info, validation, clinic fit, updates, help,
settings, first run (a part of MainWindow)."""

from __future__ import annotations

from desktop.capture import CaptureDialog, find_cameras
from desktop.help import AboutDialog, FirstRunDialog, ShortcutsDialog
from desktop.widgets import ModelInfoDialog
from inference.analysis import ENSEMBLE
from inference.imageio import IMAGE_SUFFIXES
from inference.registry import list_models


class DialogsMixin:
    def capture(self) -> None:
        dlg = CaptureDialog(find_cameras(), self)
        dlg.captured.connect(self.ctrl.set_still)
        dlg.exec()

    def model_info(self) -> None:
        ModelInfoDialog(self.entries, self).exec()

    def show_about(self) -> None:
        AboutDialog(self).exec()

    def validate_on_cases(self) -> None:
        from desktop.validation import ValidationDialog

        current = self.model_box.currentData()
        ids = [e.id for e in self.entries] if current == ENSEMBLE else [current]
        names = [(e.id, e.manifest.display_name) for e in self.entries]
        ValidationDialog(self.cases.store, ids, self, available=names).exec()

    def fit_to_clinic(self) -> None:
        from desktop.clinic_fit import ClinicFitDialog

        dlg = ClinicFitDialog(self.cases.store, self)
        dlg.changed.connect(self._load_models)  # the profile is read when the models load
        dlg.exec()

    def install_update(self) -> None:
        from desktop.validation import install_update

        new_id = install_update(self, lambda: self.cases.store, self.model_box.currentData())
        if new_id:
            entries, _ = list_models()
            self.entries = entries
            for e in entries:
                if self.model_box.findData(e.id) < 0:
                    self.model_box.insertItem(
                        self.model_box.count() - (len(entries) > 2), e.manifest.display_name, e.id
                    )

    def show_help(self) -> None:
        from desktop.help import HelpDialog

        HelpDialog(self).exec()

    def show_settings(self) -> None:
        from desktop.settings_dialog import SettingsDialog, crop_fov_on, next_steps

        if SettingsDialog(self.settings, self, fit_to_clinic=self.fit_to_clinic).exec():
            self.results.next_steps = next_steps(self.settings)
            self.ctrl.crop_fov = crop_fov_on(self.settings)
            if self.ctrl.analysis is not None:
                self.results.show_analysis(self.ctrl.analysis)

    def maybe_first_run(self) -> FirstRunDialog | None:
        """The welcome guide, once per installation; its buttons open the bundled sample photos."""
        from desktop.help import FirstRunDialog, samples_dir

        if self.settings.value("first_run_done"):
            return None
        self.settings.setValue("first_run_done", 1)
        dlg = FirstRunDialog(self)

        def chosen(_result):
            samples = sorted(p for p in samples_dir().glob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
            if dlg.choice == "photo" and samples:
                self.open_path(samples[-1])
            elif dlg.choice == "folder" and samples:
                self.open_folder(samples_dir())

        dlg.finished.connect(chosen)
        dlg.open()  # window-modal, does not block the event loop
        return dlg

    def show_shortcuts(self) -> None:
        ShortcutsDialog(list(self.acts.values()), self).exec()
