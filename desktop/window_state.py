"""The main window's remembered state: geometry, recent files, fitting a small screen (a part of
MainWindow)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

MAX_RECENT = 8


class StateMixin:
    def _restore(self) -> None:
        s = self.settings
        for box, key in ((self.model_box, "model"), (self.device_box, "device")):
            i = box.findData(s.value(key))
            if i >= 0:
                box.blockSignals(True)
                box.setCurrentIndex(i)
                box.blockSignals(False)
        self.tools.opacity.setValue(int(s.value("opacity", 45)))
        if s.value("geometry"):
            self.restoreGeometry(s.value("geometry"))
        self.fit_screen()
        if s.value("state"):
            self.restoreState(s.value("state"))
        self._fill_recent(s.value("recent", []) or [])

    def _add_recent(self, path: str) -> None:
        recent = [p for p in (self.settings.value("recent", []) or []) if p != path]
        recent = [path] + recent[: MAX_RECENT - 1]
        self.settings.setValue("recent", recent)
        self._fill_recent(recent)

    def _fill_recent(self, recent) -> None:
        self.recent_menu.clear()
        for p in recent:
            self.recent_menu.addAction(Path(p).name, lambda p=p: self.open_path(p)).setToolTip(p)
        if not recent:
            self.recent_menu.addAction(QCoreApplication.translate("MainWindow", "(none yet)")).setEnabled(False)

    def fit_screen(self) -> None:
        """Never larger than the screen (1280x800 by default; a 1024x600 netbook gets all of it)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        w, h = (self.width(), self.height()) if self.settings.value("geometry") else (1280, 800)
        if screen is not None:
            w, h = min(w, screen.width()), min(h, screen.height() - 30)
            if w < 1200:  # a narrow screen: give the results a fair share
                self.splitter.setSizes([int(w * 0.55), int(w * 0.45)])
        self.resize(w, h)
