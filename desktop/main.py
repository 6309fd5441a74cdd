"""Entry point: `dermatriage` (or `python -m desktop.main`). `--self-test` checks an installation
without showing a window: every bundled model is loaded (hash checked) and a sample analysed."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path


def sample_image() -> Path | None:
    from inference.registry import models_dir

    samples = models_dir().parent / "samples"
    files = sorted(samples.glob("*.jpg")) + sorted(samples.glob("*.png"))
    return files[0] if files else None


def self_test() -> int:
    from inference.analysis import Analyzer
    from inference.imageio import load_image
    from inference.registry import check_all

    ok = True
    for entry, problem in check_all():
        name = entry.id if entry else "?"
        print(f"model {name}: {'ok' if problem is None else problem}")
        ok &= problem is None
    sample = sample_image()
    if sample is None:
        print("no sample image bundled")
        return 1
    an = Analyzer.load("ensemble", "auto")
    a = an.analyze(load_image(sample).rgb)
    print(
        f"sample {sample.name}: {a.triage} (malignant {a.malignant_probability:.3f}, "
        f"top {a.predicted}) with {a.model_label} in {a.seconds * 1000:.0f} ms"
    )
    from inference.adapt import load_nonskin

    c = Analyzer.load(None, "auto", profile=False).classifiers[0]
    refs = load_nonskin(c.manifest.id, c.manifest.onnx_sha256)
    print(f"clinic fit: {'non-skin references of ' + c.manifest.id if refs is not None else 'unavailable'}")
    from PySide6.QtCore import QCoreApplication

    from desktop.capture import camera_backend, find_cameras

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # noqa: F841  (Qt Multimedia needs one)
    backend = camera_backend()
    print(f"camera capture: {backend or 'unavailable'} ({len(find_cameras())} camera(s) connected)")
    try:  # the PACS exchange: DICOMweb client and TLS with certificate checks
        import ssl

        import exchange.outbox  # noqa: F401

        print(f"PACS exchange: DICOMweb with {ssl.OPENSSL_VERSION}")
    except ImportError as e:
        print(f"PACS exchange: unavailable ({e})")
        ok = False
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="dermatriage")
    p.add_argument("--self-test", action="store_true", help="check models and a sample, then exit")
    p.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    p.add_argument(
        "--register-file-type", action="store_true", help="open .dtcase.zip case bundles with this app (this user)"
    )
    p.add_argument("paths", nargs="*", help="photos, a folder or case bundles (.dtcase.zip) to open")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.self_test:
        return self_test()
    if args.register_file_type:
        from desktop.register import register

        print(register())
        return 0
    t0 = time.perf_counter()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("DermaTriage")
    app.setOrganizationName("DermaTriage")
    from desktop.i18n import install_translation
    from desktop.qt_utils import app_settings
    from desktop.window import MainWindow

    install_translation(app, str(app_settings().value("language", "en") or "en"))
    win = MainWindow()
    win.show()
    win.maybe_first_run()
    logging.getLogger("dermatriage").info("window shown after %.2f s", time.perf_counter() - t0)
    win.ctrl.models_ready.connect(
        lambda *_: logging.getLogger("dermatriage").info("model ready after %.2f s", time.perf_counter() - t0)
    )
    for path in args.paths:  # photos, folders, or case bundles (a double-click in the file manager)
        win.open_any(path)
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), win.close)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
