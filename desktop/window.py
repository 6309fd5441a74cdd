"""The main window: composes panels and wires their signals to the controller."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cases.export import BUNDLE_SUFFIX
from desktop.controller import Controller
from desktop.i18n import class_name, core
from desktop.image_view import ImageView
from desktop.qt_utils import app_settings
from desktop.results_panel import ResultsPanel
from desktop.tools_panel import ToolsPanel
from desktop.widgets import Banner, HeatLegend, ThumbnailStrip
from desktop.window_cases import CaseActionsMixin
from desktop.window_dialogs import DialogsMixin
from desktop.window_menus import MenusMixin
from desktop.window_state import StateMixin
from inference.analysis import NOTICE
from inference.cam import overlay
from inference.classes import CLASS_KEYS
from inference.imageio import IMAGE_SUFFIXES, thumbnail
from inference.registry import default_model_id


def scrolled(panel: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class MainWindow(MenusMixin, CaseActionsMixin, DialogsMixin, StateMixin, QMainWindow):
    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or app_settings()
        self.setWindowTitle(self.tr("DermaTriage - skin lesion triage support"))
        self.setAcceptDrops(True)
        self.ctrl = Controller(self)
        self.heat_on, self.opacity, self.heat_class, self.side_by_side = True, 0.45, None, False
        self._pending_crop: tuple | None = None  # the manual crop being drawn, applied with Apply crop

        self.banner = Banner()
        self.view = ImageView()
        self.view.setAccessibleName(self.tr("Photo"))
        self.original = ImageView()
        self.original.setAccessibleName(self.tr("Original photo"))
        self.original.hide()
        self.thumbs = ThumbnailStrip()
        self.results = ResultsPanel()
        self.tools = ToolsPanel()
        from desktop.cases_panel import CasesPanel

        self.cases = CasesPanel(self.ctrl)
        from desktop.batch import FolderPanel

        self.folder = FolderPanel(
            lambda: self.model_box.currentData(),
            lambda: self.cases.store,
            lambda t: self.banner.show_message(t, "info"),
            lambda: self.ctrl.crop_fov,
        )
        images = QSplitter(Qt.Orientation.Horizontal)
        images.addWidget(self.original)
        images.addWidget(self.view)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.banner)
        ll.addWidget(images, 1)
        self.legend = HeatLegend()
        ll.addWidget(self.legend)
        ll.addWidget(self.thumbs)
        self.tabs = QTabWidget()
        for panel, title in (
            (self.results, self.tr("Result")),
            (self.tools, self.tr("Adjust")),
            (self.cases, self.tr("Cases")),
            (self.folder, self.tr("Folder")),
        ):
            self.tabs.addTab(scrolled(panel), title)  # a small screen scrolls instead of hiding
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([780, 500])
        self.images = images
        from desktop.worklist import widen_while_shown

        widen_while_shown(self.tabs, self.splitter, self.cases)
        self.setCentralWidget(self.splitter)
        self._build_toolbar()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        # The notice stays in sight on every tab and at every window size (panels may scroll).
        self.notice = QLabel(core(NOTICE))
        self.notice.setStyleSheet("color: #8a4b00; font-weight: bold; padding: 0 6px;")
        self.notice.setAccessibleName(self.tr("Notice"))
        self.statusBar().addPermanentWidget(self.notice)
        self._wire()
        self._restore()
        from desktop.settings_dialog import crop_fov_on, next_steps

        self.results.next_steps = next_steps(self.settings)
        self.ctrl.crop_fov = crop_fov_on(self.settings)
        QTimer.singleShot(0, self._load_models)

    # --- construction --------------------------------------------------------------------
    def _wire(self) -> None:
        c = self.ctrl
        c.image_changed.connect(self._image_changed)
        c.adjustments_changed.connect(self._refresh_image)
        c.analysis_started.connect(self.results.show_busy)
        c.analysis_ready.connect(self._analysis_ready)
        c.error.connect(self.banner.show_message)
        c.notice.connect(lambda text: self.banner.show_message(text, "info"))
        c.models_ready.connect(self._models_ready)
        c.busy_changed.connect(self.busy.setVisible)
        self.thumbs.file_chosen.connect(self._thumb_chosen)
        self.cases.open_requested.connect(self.open_case)
        self.folder.badge.connect(self.thumbs.set_badge)
        self.folder.photo_chosen.connect(self.thumbs.select_key)
        self.results.save_analysis.clicked.connect(self.save_analysis_to_case)
        self.results.crop_rim.clicked.connect(self.ctrl.auto_fov)
        self.model_box.currentIndexChanged.connect(lambda _: self._load_models())
        self.device_box.currentIndexChanged.connect(lambda _: self._load_models())
        t = self.tools
        t.auto_fov_requested.connect(c.auto_fov)
        t.lesion_centre_requested.connect(c.centre_on_lesion)
        t.manual_crop_toggled.connect(self._manual_crop)
        t.crop_reset.connect(lambda: c.set_crop(None))
        t.gamma_changed.connect(c.set_gamma)
        t.auto_gamma_requested.connect(lambda: t.set_gamma(c.suggest_gamma()))
        t.heatmap_toggled.connect(self._set("heat_on"))
        t.opacity_changed.connect(self._set("opacity"))
        t.heatmap_class_changed.connect(self._set("heat_class"))
        t.side_by_side_toggled.connect(self._set("side_by_side"))
        self.view.crop_changed.connect(self._crop_drawn)

    def _set(self, attr):
        def setter(value):
            setattr(self, attr, value)
            self._refresh_image()

        return setter

    # --- actions -------------------------------------------------------------------------
    def open_dialog(self) -> None:
        start = self.settings.value("last_dir", str(Path.home()))
        pattern = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open photo"), start, self.tr("Photos ({0});;All files (*)").format(pattern)
        )
        if path:
            self.open_path(path)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open folder"), self.settings.value("last_dir", str(Path.home()))
        )
        if folder:
            self.open_folder(folder)

    def open_folder(self, folder: str | Path) -> None:
        files = sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            self.banner.show_message(self.tr("No photos in '{0}'.").format(Path(folder).name), "warning")
            return
        thumbs = {f: t for f in files[:500] if (t := thumbnail(f, 72)) is not None}
        self.thumbs.set_files(files, thumbs)
        self.thumbs.setCurrentRow(0)
        self.thumbs.setFocus()
        self.folder.start(Path(folder), files)  # the table fills while the first photo is shown
        self.show_tab(self.folder)

    def open_path(self, path: str | Path) -> bool:
        self.banner.hide()
        ok = self.ctrl.open_path(path)
        if ok:
            self.settings.setValue("last_dir", str(Path(path).parent))
            self._add_recent(str(path))
            self._say_which_photo(str(path))
        return ok

    def _say_which_photo(self, key: str) -> None:
        """The status bar and the strip always name the photo on screen (issue 31.6): a photo from
        outside the opened folder clears the strip's selection instead of leaving another marked."""
        keys = [self.thumbs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.thumbs.count())]
        row = keys.index(key) if key in keys else -1
        self.thumbs.blockSignals(True)
        self.thumbs.setCurrentRow(row)
        self.thumbs.blockSignals(False)
        name = Path(key).name
        if row >= 0 and len(keys) > 1:
            self.statusBar().showMessage(self.tr("Photo {0} of {1}: {2}").format(row + 1, len(keys), name))
        else:
            self.statusBar().showMessage(self.tr("Photo: {0}").format(name))

    def _model_name(self, model_ids: str) -> str:
        from desktop.followup import model_names

        return model_names(model_ids)

    def _model_region(self, shown) -> tuple | None:
        """The square the model analyses, in the shown image's pixels (all bundled models crop the
        centre square); None when it is the whole image."""
        from inference.preprocess import center_square_box

        crops = {e.manifest.preprocess.crop for e in self.entries}
        h, w = shown.shape[:2]
        if "center_square" not in crops or h == w:
            return None
        return center_square_box(w, h)

    def reset_adjustments(self) -> None:
        self.tools.set_gamma(1.0)
        self.ctrl.set_crop(None)

    def _manual_crop(self, on: bool) -> None:
        """Editing starts on the current crop (or a centred square) and ends with Apply crop (the
        same button) or Cancel crop / another photo, which change nothing."""
        img, cancelled = self.ctrl.image, self.tools.take_cancelled()
        if on and img is not None:
            h, w = img.rgb.shape[:2]
            s = int(min(h, w) * 0.8)
            self._pending_crop = self.ctrl.crop_box or ((w - s) // 2, (h - s) // 2, s, s)
        elif not on:
            box, self._pending_crop = self._pending_crop, None
            if not cancelled and img is not None and box is not None and box != self.ctrl.crop_box:
                self.ctrl.set_crop(box)
        self._refresh_image()

    def _crop_drawn(self, box: tuple) -> None:
        self._pending_crop = tuple(int(v) for v in box)
        self.tools.set_crop_text(self._pending_crop, pending=True)

    def _load_models(self) -> None:
        model = self.model_box.currentData() or default_model_id() or ""
        self.ctrl.load_models(model, self.device_box.currentData() or "auto")
        self.settings.setValue("model", self.model_box.currentData())
        self.settings.setValue("device", self.device_box.currentData())

    # --- reactions -----------------------------------------------------------------------
    def _models_ready(self, label: str, notes: list) -> None:
        self.statusBar().showMessage(self.tr("Model ready: {0}").format(label))
        if notes:
            self.banner.show_message("\n".join(notes), "info")

    def _image_changed(self) -> None:
        self.tools.set_gamma(self.ctrl.gamma)  # 1.0, or what a saved case's photo was saved with
        self.tools.cancel_editing()  # a crop drawn on the photo before is never applied to this one
        self.tools.heat_class.setCurrentIndex(0)  # each photo starts on its own predicted class
        self.results.clear()
        stored = self.ctrl.stored
        self.results.show_stored(
            stored, self._model_name(stored["analysis"]["model_id"]) if stored and stored["analysis"] else ""
        )
        self._refresh_image()
        img = self.ctrl.image
        if img is not None and img.warnings:
            self.banner.show_message("\n".join(img.warnings), "info")

    def _analysis_ready(self, a) -> None:
        self.results.show_analysis(a)
        self._refresh_image()
        if self.ctrl.requested_at is not None:  # what the user waited: decode, analysis and drawing
            self.results.show_elapsed(a, time.perf_counter() - self.ctrl.requested_at)

    def _refresh_image(self) -> None:
        c = self.ctrl
        self.tools.set_crop_text(c.crop_box)
        if c.image is None:
            self.view.set_image(None)
            return
        if self.tools.manual.isChecked():  # edit the crop on the full photo; no heatmap, no legend
            self.legend.set_class(None)
            self.view.set_image(c.image.rgb)
            self.view.show_crop(self._pending_crop)
            self.tools.set_crop_text(self._pending_crop, pending=self._pending_crop != c.crop_box)
            self.original.hide()
            return
        self.view.show_crop(None)
        shown = c.shown_image()
        a = c.analysis
        heat_rgb = shown
        self.legend.set_class(None)
        if (
            a is not None
            and self.heat_on
            and a.settings.crop_box == c.crop_box
            and a.settings.gamma == c.gamma
            and a.triage != "cannot_assess"
        ):
            # A class the model gives 1 % is drawn at 1/95 of the strength of one it gives 95 %.
            cls = a.predicted_index if self.heat_class is None else int(self.heat_class)
            p = float(a.probabilities[cls])
            heat_rgb = overlay(shown, a.heatmap(cls) * (p / float(a.probabilities.max())), self.opacity)
            self.legend.set_class(class_name(CLASS_KEYS[cls]), p, self.heat_class is None or cls == a.predicted_index)
        self.view.set_image(heat_rgb)
        self.view.show_region(self._model_region(shown))
        self.original.setVisible(self.side_by_side)
        if self.side_by_side:
            self.original.set_image(shown)
            half = max(1, self.images.width() // 2)
            self.images.setSizes([half, half])

    # --- drag and drop, recent files, settings ---------------------------------------------
    def dragEnterEvent(self, e):
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def dropEvent(self, e):
        paths = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
        bundles = [p for p in paths if p.lower().endswith(BUNDLE_SUFFIX)]
        for b in bundles:
            self.import_case(b)
        rest = [p for p in paths if p not in bundles]
        if rest:
            self.open_any(rest[0])

    def open_any(self, path: str | Path) -> None:
        """A photo, a folder of photos, or a case bundle (double-click, drop, command line)."""
        if str(path).lower().endswith(BUNDLE_SUFFIX):
            self.import_case(path)
        elif Path(path).is_dir():
            self.open_folder(path)
        else:
            self.open_path(path)

    def show_tab(self, panel: QWidget) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).widget() is panel:
                self.tabs.setCurrentIndex(i)

    def current_tab(self) -> QWidget:
        return self.tabs.currentWidget().widget()

    def closeEvent(self, e):
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        s.setValue("opacity", self.tools.opacity.value())
        self.folder.cancel()
        self.ctrl.shutdown()
        self.cases.exchange.stop()
        super().closeEvent(e)
