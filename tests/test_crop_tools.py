"""Issue 31.5: Centre on lesion keeps the lesion in the middle of its crop (the vignette at the
photo's edge no longer wins), the manual crop ends with Apply crop or Cancel crop, and the heatmap
legend always names the probability of the result on screen."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from inference.adjust import lesion_crop
from inference.imageio import load_image


def test_centre_on_lesion_centres_isic_0034719(fullres_images):
    photo = next(f for f in fullres_images if f.stem == "ISIC_0034719")
    box, why = lesion_crop(load_image(photo).rgb)
    assert why == "found"
    x, y, w, h = box
    # the lesion's middle (measured on the photo: about x 287, y 245 of 600 x 450)
    assert abs(x + w / 2 - 287) < 30 and abs(y + h / 2 - 245) < 40, box
    assert x > 60 and x + w < 540  # neither edge of the crop sits on the rim


def _legend_percent(window) -> int | None:
    if not window.legend.isVisible():
        return None
    m = re.search(r"\((\d+)%\)", window.legend.label.text())
    return int(m.group(1)) if m else None


def _shown_ready(window, qtbot, box) -> None:
    qtbot.waitUntil(
        lambda: window.ctrl.analysis is not None and window.ctrl.analysis.settings.crop_box == box, timeout=30_000
    )


def test_manual_crop_applies_or_cancels_and_the_legend_follows_the_result(qtbot, window, fullres_images):
    window.open_path(str(fullres_images[0]))
    _shown_ready(window, qtbot, None)
    a = window.ctrl.analysis
    assert _legend_percent(window) == round(100 * float(a.probabilities[a.predicted_index]))
    tools = window.tools
    qtbot.mouseClick(tools.manual, Qt.MouseButton.LeftButton)
    assert tools.manual.text() == "Apply crop" and not tools.cancel_crop.isHidden()
    assert _legend_percent(window) is None  # no heatmap drawn while editing: no legend either
    drawn = (100, 60, 300, 300)
    window.view.crop_changed.emit(drawn)
    assert window.ctrl.crop_box is None and "not applied yet" in tools.crop_label.text()
    qtbot.mouseClick(tools.cancel_crop, Qt.MouseButton.LeftButton)
    assert window.ctrl.crop_box is None and not tools.manual.isChecked() and tools.manual.text() == "Manual crop"
    assert tools.cancel_crop.isHidden()

    qtbot.mouseClick(tools.manual, Qt.MouseButton.LeftButton)
    window.view.crop_changed.emit(drawn)
    qtbot.mouseClick(tools.manual, Qt.MouseButton.LeftButton)  # Apply crop
    assert window.ctrl.crop_box == drawn and "not applied" not in tools.crop_label.text()
    _shown_ready(window, qtbot, drawn)
    a = window.ctrl.analysis
    assert _legend_percent(window) == round(100 * float(a.probabilities[a.predicted_index]))

    qtbot.mouseClick(tools.manual, Qt.MouseButton.LeftButton)  # a crop drawn, then another photo opened
    window.view.crop_changed.emit((0, 0, 200, 200))
    window.open_path(str(fullres_images[1]))
    assert not tools.manual.isChecked() and window.ctrl.crop_box is None
