"""The one long-lived inference worker. Model loading and analysis both happen on its thread;
only numpy arrays and frozen dataclasses cross the boundary."""

from __future__ import annotations

import logging
import threading
import traceback

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from inference.analysis import Analyzer, Settings
from inference.errors import DermaTriageError

log = logging.getLogger(__name__)


class InferenceWorker(QObject):
    models_loaded = Signal(str, list)  # label, notes
    load_failed = Signal(str)
    finished = Signal(int, object)  # request id, Analysis
    failed = Signal(int, str)  # request id, message for the banner
    busy_changed = Signal(bool)

    def __init__(self):
        super().__init__()
        self.analyzer: Analyzer | None = None
        self._latest = 0
        self._lock = threading.Lock()

    def note_request(self, request_id: int) -> None:
        """Called from the GUI thread as soon as a request is made, so older queued ones are skipped."""
        with self._lock:
            self._latest = max(self._latest, request_id)

    def _stale(self, request_id: int) -> bool:
        with self._lock:
            return request_id < self._latest

    @Slot(str, str)
    def load(self, model: str, device: str) -> None:
        self.busy_changed.emit(True)
        try:
            self.analyzer = Analyzer.load(model or None, device)
            label = " + ".join(c.manifest.display_name for c in self.analyzer.classifiers)
            self.models_loaded.emit(label, self.analyzer.notes)
        except DermaTriageError as e:
            self.analyzer = None
            self.load_failed.emit(str(e))
        except Exception as e:  # a worker must never die silently
            log.exception("model load failed")
            self.analyzer = None
            self.load_failed.emit(f"The model could not be loaded: {e}")
        finally:
            self.busy_changed.emit(False)

    @Slot(int, object, object)
    def analyze(self, request_id: int, rgb: np.ndarray, settings: Settings) -> None:
        if self._stale(request_id):
            return  # the user has moved on
        if self.analyzer is None:
            self.failed.emit(request_id, "No model is loaded. Choose a model in the toolbar.")
            return
        self.busy_changed.emit(True)
        try:
            result = self.analyzer.analyze(rgb, settings)
            if not self._stale(request_id):
                self.finished.emit(request_id, result)
        except DermaTriageError as e:
            self.failed.emit(request_id, str(e))
        except MemoryError:
            self.failed.emit(request_id, "Not enough memory to analyse this photo. Crop or resize it.")
        except Exception as e:
            log.error("analysis failed: %s", traceback.format_exc())
            self.failed.emit(request_id, f"The analysis failed unexpectedly ({type(e).__name__}: {e}).")
        finally:
            self.busy_changed.emit(False)


class WorkerHost(QObject):
    """Owns the thread; the GUI talks to the worker only through these queued signals."""

    request_load = Signal(str, str)
    request_analyze = Signal(int, object, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.thread = QThread()
        self.thread.setObjectName("inference")
        self.worker = InferenceWorker()
        self.worker.moveToThread(self.thread)
        self.request_load.connect(self.worker.load)
        self.request_analyze.connect(self.worker.analyze)
        self.thread.start()
        self._next_id = 0

    def load(self, model: str, device: str) -> None:
        self.request_load.emit(model, device)

    def analyze(self, rgb: np.ndarray, settings: Settings) -> int:
        self._next_id += 1
        self.worker.note_request(self._next_id)
        self.request_analyze.emit(self._next_id, rgb, settings)
        return self._next_id

    def stop(self) -> None:
        self.thread.quit()
        self.thread.wait(10_000)
