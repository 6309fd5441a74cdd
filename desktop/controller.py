"""Application state: the current image, its adjustments, the model choice, the latest analysis.
Re-analyses (debounced) whenever something the model sees changes."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.worker import WorkerHost
from inference.adjust import apply_gamma, auto_gamma, crop, detect_fov, lesion_crop
from inference.analysis import Analysis, Settings
from inference.errors import DermaTriageError
from inference.imageio import LoadedImage, load_image


class Controller(QObject):
    image_changed = Signal()  # a new photo (or none)
    adjustments_changed = Signal()  # crop or gamma
    analysis_started = Signal()
    analysis_ready = Signal(object)
    error = Signal(str)
    notice = Signal(str)  # information, not a fault
    models_ready = Signal(str, list)
    busy_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.host = WorkerHost(self)
        w = self.host.worker
        w.finished.connect(self._finished)
        w.failed.connect(self._failed)
        w.models_loaded.connect(self._models_loaded)
        w.load_failed.connect(self.error)
        w.busy_changed.connect(self.busy_changed)
        self.image: LoadedImage | None = None
        self.path: Path | None = None
        self.source = "file"
        self.crop_box: tuple[int, int, int, int] | None = None
        self.crop_fov = False  # Settings: crop each new photo to the dermatoscope's lit circle
        self.gamma = 1.0
        self.analysis: Analysis | None = None
        self.stored: dict | None = None  # {"case_id", "image", "analysis"} for a saved case's photo
        self.models_loaded = False
        self.current_request = 0
        # Wall time the user waits (issue 31.8): from opening the photo (decode included) or from
        # the request, to the result; the window adds drawing it and shows the total.
        self._opened_at: float | None = None
        self.requested_at: float | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.analyze)

    # --- models --------------------------------------------------------------------------
    def load_models(self, model: str, device: str) -> None:
        self.models_loaded = False
        self.host.load(model, device)

    def _models_loaded(self, label: str, notes: list) -> None:
        self.models_loaded = True
        self._opened_at = None  # waiting for the model is not the photo's analysis time
        self.models_ready.emit(label, notes)
        if self.image is not None:
            self.analyze()

    # --- image ---------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        opened_at = time.perf_counter()
        try:
            img = load_image(path)
        except DermaTriageError as e:
            self.error.emit(str(e))
            return False
        except MemoryError:
            self.error.emit(f"'{Path(path).name}' is too large to open on this computer.")
            return False
        self._opened_at = opened_at
        self.set_image(img, Path(path), "file")
        return True

    def set_image(
        self, img: LoadedImage, path: Path | None, source: str, crop_box=None, gamma: float = 1.0, stored=None
    ) -> None:
        """A new photo. A saved case's photo comes with its crop, gamma and `stored` (the case id,
        image row and its latest saved analysis) so that the saved result is shown beside a fresh one."""
        self.image, self.path, self.source = img, path, source
        if crop_box is None and stored is None and self.crop_fov:  # Settings: crop to the lit circle
            crop_box = detect_fov(img.rgb)
        self.crop_box = tuple(int(v) for v in crop_box) if crop_box else None
        self.gamma, self.analysis, self.stored = float(gamma or 1.0), None, stored
        self.image_changed.emit()
        self.analyze()

    def set_still(self, rgb: np.ndarray, device_name: str) -> None:
        self.set_image(LoadedImage(rgb, "CAPTURE", (rgb.shape[1], rgb.shape[0]), device_name), None, "camera")

    def shown_image(self) -> np.ndarray | None:
        """What the model sees: cropped and gamma-corrected."""
        if self.image is None:
            return None
        return apply_gamma(crop(self.image.rgb, self.crop_box), self.gamma)

    # --- adjustments ---------------------------------------------------------------------
    def set_crop(self, box) -> None:
        self.crop_box = tuple(int(v) for v in box) if box else None
        self.adjustments_changed.emit()
        self._debounce.start()

    def auto_fov(self) -> bool:
        return self._suggest_crop(detect_fov, self.tr("No dermatoscope circle was found: the whole photo is used."))

    def centre_on_lesion(self) -> bool:
        if self.image is None:
            return False
        box, why = lesion_crop(self.image.rgb)
        if box is None:
            self.notice.emit(
                self.tr("The lesion already fills most of the photo: no crop is needed.")
                if why == "fills"
                else self.tr("No lesion could be located automatically. Crop by hand.")
            )
            return False
        self.set_crop(box)
        return True

    def _suggest_crop(self, finder, not_found: str) -> bool:
        if self.image is None:
            return False
        box = finder(self.image.rgb)
        if box is None:
            self.notice.emit(not_found)
            return False
        self.set_crop(box)
        return True

    def set_gamma(self, g: float) -> None:
        if abs(g - self.gamma) < 1e-3:
            return
        self.gamma = float(g)
        self.adjustments_changed.emit()
        self._debounce.start()

    def suggest_gamma(self) -> float:
        return auto_gamma(crop(self.image.rgb, self.crop_box)) if self.image is not None else 1.0

    # --- analysis ------------------------------------------------------------------------
    def analyze(self) -> None:
        if self.image is None or not self.models_loaded:
            return
        self.requested_at, self._opened_at = self._opened_at or time.perf_counter(), None
        self.current_request = self.host.analyze(self.image.rgb, Settings(self.crop_box, self.gamma))
        self.analysis_started.emit()

    def _finished(self, request_id: int, analysis: Analysis) -> None:
        if request_id != self.current_request:
            return  # superseded
        before = self.analysis
        if (
            before is not None
            and before.triage != "cannot_assess"
            and analysis.triage == "cannot_assess"
            and before.settings != analysis.settings
        ):
            self.notice.emit(
                self.tr(
                    "This crop or brightness change turned the result into 'Cannot assess'. "
                    "Undo it (Reset adjustments, Ctrl+R) unless the photo really needs it."
                )
            )
        self.analysis = analysis
        self.analysis_ready.emit(analysis)

    def _failed(self, request_id: int, message: str) -> None:
        if request_id == self.current_request:
            self.error.emit(message)

    def shutdown(self) -> None:
        self.host.stop()
