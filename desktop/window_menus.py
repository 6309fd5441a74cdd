"""The main window's actions, toolbar and menus (a part of MainWindow)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from inference.analysis import ENSEMBLE
from inference.classifier import available_devices
from inference.registry import default_model_id, list_models


class MenusMixin:
    def _action(self, text, shortcut, slot, name=None) -> QAction:
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(slot)
        a.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})" if shortcut else text)
        self.addAction(a)
        return a

    def _build_toolbar(self) -> None:
        tb = QToolBar(QCoreApplication.translate("MainWindow", "Main"))
        tb.setObjectName("main_toolbar")
        self.addToolBar(tb)
        act = self.acts = {
            "open": self._action(
                QCoreApplication.translate("MainWindow", "Open photo..."),
                QKeySequence.StandardKey.Open,
                self.open_dialog,
            ),
            "folder": self._action(
                QCoreApplication.translate("MainWindow", "Open folder..."), "Ctrl+Shift+O", self.open_folder_dialog
            ),
            "capture": self._action(QCoreApplication.translate("MainWindow", "Capture..."), "Ctrl+K", self.capture),
            "info": self._action(QCoreApplication.translate("MainWindow", "Model info"), "Ctrl+I", self.model_info),
            "save": self._action(
                QCoreApplication.translate("MainWindow", "Save case..."), "Ctrl+S", lambda: self.cases.save_current()
            ),
            "export": self._action(
                QCoreApplication.translate("MainWindow", "Export selected case..."), "Ctrl+E", self._export_cases
            ),
            "import": self._action(
                QCoreApplication.translate("MainWindow", "Import case..."), "Ctrl+Shift+I", self.import_dialog
            ),
            "quit": self._action(
                QCoreApplication.translate("MainWindow", "Quit"), QKeySequence.StandardKey.Quit, self.close
            ),
            "next": self._action(
                QCoreApplication.translate("MainWindow", "Next photo"), "Right", lambda: self.thumbs.step(1)
            ),
            "prev": self._action(
                QCoreApplication.translate("MainWindow", "Previous photo"), "Left", lambda: self.thumbs.step(-1)
            ),
            "heat": self._action(
                QCoreApplication.translate("MainWindow", "Toggle heatmap"), "H", lambda: self.tools.show_heat.toggle()
            ),
            "fov": self._action(
                QCoreApplication.translate("MainWindow", "Detect field of view"), "F", self.ctrl.auto_fov
            ),
            "reset": self._action(
                QCoreApplication.translate("MainWindow", "Reset adjustments"), "Ctrl+R", self.reset_adjustments
            ),
            "guide": self._action(QCoreApplication.translate("MainWindow", "User guide"), "F1", self.show_help),
            "keys": self._action(
                QCoreApplication.translate("MainWindow", "Keyboard shortcuts"), "Ctrl+F1", self.show_shortcuts
            ),
            "settings": self._action(
                QCoreApplication.translate("MainWindow", "Settings..."), "Ctrl+,", self.show_settings
            ),
            "about": self._action(QCoreApplication.translate("MainWindow", "About DermaTriage"), None, self.show_about),
            "validate": self._action(
                QCoreApplication.translate("MainWindow", "Validate on our cases..."), None, self.validate_on_cases
            ),
            "fit": self._action(
                QCoreApplication.translate("MainWindow", "Fit to this clinic..."), None, self.fit_to_clinic
            ),
            "install": self._action(
                QCoreApplication.translate("MainWindow", "Install model update..."), None, self.install_update
            ),
        }
        for key in ("open", "folder", "capture"):
            tb.addAction(act[key])
        tb.addSeparator()
        tb.addWidget(QLabel(QCoreApplication.translate("MainWindow", " Model: ")))
        self.model_box = QComboBox()
        self.model_box.setAccessibleName(QCoreApplication.translate("MainWindow", "Model"))
        entries, problems = list_models()
        self.entries = entries
        default = default_model_id()
        for e in sorted(entries, key=lambda e: e.id != default):  # the default first, then by id
            label = e.manifest.display_name + (
                QCoreApplication.translate("MainWindow", " (default)") if e.id == default else ""
            )
            self.model_box.addItem(label, e.id)
        if len(entries) > 1:
            self.model_box.addItem(QCoreApplication.translate("MainWindow", "Ensemble of all models"), ENSEMBLE)
        tb.addWidget(self.model_box)
        tb.addWidget(QLabel(QCoreApplication.translate("MainWindow", " Device: ")))
        self.device_box = QComboBox()
        self.device_box.setAccessibleName(QCoreApplication.translate("MainWindow", "Device"))
        for d in available_devices():
            self.device_box.addItem(
                {
                    "cpu": QCoreApplication.translate("MainWindow", "CPU"),
                    "gpu": QCoreApplication.translate("MainWindow", "GPU"),
                }[d],
                d,
            )
        tb.addWidget(self.device_box)
        tb.addAction(act["info"])
        tb.addAction(act["save"])
        self._build_menus()
        if problems:
            self.banner.show_message("\n".join(problems))

    def _build_menus(self) -> None:
        act, bar = self.acts, self.menuBar()
        file = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
        file.addActions([act["open"], act["folder"], act["capture"]])
        self.recent_menu = file.addMenu(QCoreApplication.translate("MainWindow", "Open &recent"))
        file.addSeparator()
        file.addActions([act["save"], act["import"], act["export"]])
        file.addSeparator()
        file.addActions([act["validate"], act["fit"], act["install"]])
        file.addSeparator()
        file.addAction(act["settings"])
        file.addSeparator()
        file.addAction(act["quit"])
        view = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
        view.addActions([act["prev"], act["next"], act["heat"], act["fov"], act["reset"]])
        help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        help_menu.addActions([act["guide"], act["info"], act["keys"], act["about"]])
