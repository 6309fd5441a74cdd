"""Issue 31.8 in the real window (Qt offscreen): how long a 12-megapixel phone JPEG takes from
File > Open to the result drawn, with the loader's long side at 2048 (now: decoded at half size by
the JPEG decoder) beside 4096 (before), interleaved in the same process.

    .venv/bin/python scripts/benchmark_app_photo.py
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FULLRES = ROOT.parent / "shared" / "data" / "fullres-samples" / "images"


def phone_photo(src: Path) -> Path:
    import numpy as np
    from PIL import Image

    base = np.asarray(Image.open(src).convert("RGB").resize((4000, 3000), Image.BICUBIC), dtype=np.int16)
    noise = np.random.default_rng(0).normal(0, 3, base.shape).astype(np.int16)  # a phone's file size
    path = Path(tempfile.mkdtemp()) / "phone.jpg"
    Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=92)
    return path


def main(repeat: int = 4) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DERMATRIAGE_HOME"] = tempfile.mkdtemp()
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.window import MainWindow
    from inference import imageio

    photo = phone_photo(sorted(FULLRES.glob("*.jpg"))[0])
    win = MainWindow(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat))
    win.show()

    def wait(cond, limit=60.0):
        end = time.time() + limit
        while not cond() and time.time() < end:
            app.processEvents()
            time.sleep(0.005)

    wait(lambda: win.ctrl.models_loaded)
    res: dict[int, list] = {2048: [], 4096: []}
    for _ in range(repeat):
        for side in res:
            imageio.MAX_SIDE = side
            win.ctrl.analysis = None
            t = time.perf_counter()
            win.open_path(str(photo))
            wait(lambda: win.ctrl.analysis is not None and "Analysed in" in win.results.model.text())
            app.processEvents()
            shown = re.search(r"Analysed in ([\d.]+ m?s)", win.results.model.text())
            res[side].append((time.perf_counter() - t, shown.group(1) if shown else "?"))
    for side, runs in res.items():
        walls = sorted(w for w, _ in runs)
        label = "now (long side 2048)" if side == 2048 else "before (long side 4096)"
        said = [s for _, s in runs]
        print(f"{label}: open to result drawn, median {walls[len(walls) // 2]:.2f} s; the panel said {said}")
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
