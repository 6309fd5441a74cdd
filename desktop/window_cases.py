"""The main window's case actions: a case's photos in the viewer, saving an analysis to it,
import and export (a part of MainWindow)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from cases.export import BUNDLE_SUFFIX
from desktop.i18n import body_site

CASE_KEY = "case:"  # thumbnail keys of a saved case's photos: case:<case id>:<image index>


class CaseActionsMixin:
    def _thumb_chosen(self, key: str) -> None:
        if key.startswith(CASE_KEY):
            case_id, index = key[len(CASE_KEY) :].rsplit(":", 1)
            self.open_case_image(case_id, int(index))
        else:
            self.open_path(key)

    def open_case(self, case_id: str, index: int | None = None) -> bool:
        """A saved or imported case's photos in the viewer (newest first shown), with their saved
        crop, gamma and result; the chosen model analyses them again for heatmaps and comparison."""
        from inference.imageio import fit_thumbnail

        try:
            case = self.cases.store.get_case(case_id)
        except Exception as e:  # a store fault: say so
            self.banner.show_message(str(e))
            return False
        images = case["images"]
        if not images:
            self.banner.show_message(QCoreApplication.translate("MainWindow", "This case has no photos."), "warning")
            return False
        entries = []
        for i, im in enumerate(images):
            rgb = self.cases.store.image_rgb(im["sha256"])
            entries.append(
                (
                    f"{CASE_KEY}{case_id}:{i}",
                    f"{i + 1}. {im['original_name'] or 'photo'}",
                    im["original_name"] or "",
                    fit_thumbnail(rgb, 72),
                )
            )
        self.thumbs.set_entries(entries)
        self.thumbs.blockSignals(True)
        self.thumbs.setCurrentRow(len(images) - 1 if index is None else index)
        self.thumbs.blockSignals(False)
        self.open_case_image(case_id, len(images) - 1 if index is None else index, case)
        self.tabs.setCurrentIndex(0)
        return True

    def open_case_image(self, case_id: str, index: int, case: dict | None = None) -> None:
        from inference.imageio import LoadedImage

        case = case or self.cases.store.get_case(case_id)
        im = case["images"][index]
        rgb = self.cases.store.image_rgb(im["sha256"])
        stored = {"case_id": case_id, "image": im, "analysis": im["analyses"][-1] if im["analyses"] else None}
        self.banner.hide()
        self.ctrl.set_image(
            LoadedImage(rgb, "PNG", (rgb.shape[1], rgb.shape[0]), im["original_name"] or ""),
            None,
            "case",
            im["crop_box"],
            im["gamma"] or 1.0,
            stored,
        )
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Case {0} · {1}: photo {2} of {3}").format(
                case["pseudonym"], body_site(case["body_site"]) or "?", index + 1, len(case["images"])
            )
        )

    def save_analysis_to_case(self) -> bool:
        c = self.ctrl
        if c.stored is None or c.analysis is None:
            return False
        try:
            self.cases.store.add_analysis(c.stored["image"]["id"], c.analysis, author=self.cases.author.text())
        except Exception as e:
            self.banner.show_message(str(e))
            return False
        self.results.save_analysis.hide()
        self.banner.show_message(
            QCoreApplication.translate(
                "MainWindow", "The new analysis was added to the case (the earlier one is kept)."
            ),
            "info",
        )
        self.cases.refresh()
        return True

    def _export_cases(self) -> None:
        self.show_tab(self.cases)
        self.cases.export()

    def import_dialog(self) -> None:
        start = self.settings.value("last_dir", str(Path.home()))
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            QCoreApplication.translate("MainWindow", "Import case"),
            start,
            QCoreApplication.translate("MainWindow", "DermaTriage cases (*{0})").format(BUNDLE_SUFFIX),
        )
        if paths:
            self.show_tab(self.cases)
            self.cases.import_bundles(paths)

    def import_case(self, path: str | Path) -> str | None:
        self.show_tab(self.cases)
        return self.cases.import_bundle(path)
