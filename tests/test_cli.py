from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from cli.main import isic_row, main


def test_isic_row_sums_to_exactly_one():
    row = isic_row("ISIC_1", [1 / 7] * 7).split(",")
    assert row[0] == "ISIC_1"
    assert sum(int(round(float(v) * 1e6)) for v in row[1:]) == 1_000_000


def test_predict_isic_csv_on_real_photos(models_env, fullres_images, tmp_path, capsys):
    out = tmp_path / "sub.csv"
    rc = main(
        ["predict", str(fullres_images[0].parent), "--format", "isic-csv", "--output", str(out), "--model", "tiny-a"]
    )
    assert rc == 0
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == ["image", "MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC"]
    assert len(rows) - 1 == len(fullres_images)
    for r in rows[1:]:
        assert abs(sum(float(v) for v in r[1:]) - 1) < 1e-9


def test_predict_json_reports_failures_and_keeps_going(models_env, fullres_images, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(fullres_images[0], folder / "good.jpg")
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    (folder / "empty.png").write_bytes(b"")
    heat = tmp_path / "heat"
    rc = main(["predict", str(folder), str(tmp_path / "missing.jpg"), "--heatmaps", str(heat), "--model", "ensemble"])
    assert rc == 2
    doc = json.loads(capsys.readouterr().out)
    assert [r["image"] for r in doc["results"]] == ["good"]
    r = doc["results"][0]
    assert len(r["models"]) == 2 and r["models"][0]["sha256"]
    assert r["triage"] in ("urgent_referral", "referral", "monitor", "cannot_assess")
    assert (heat / "good_heatmap.png").stat().st_size > 0
    errors = {e["path"].rsplit("/", 1)[-1]: e["error"] for e in doc["failures"]}
    assert set(errors) == {"broken.jpg", "empty.png", "missing.jpg"}
    assert "damaged" in errors["broken.jpg"] and "empty" in errors["empty.png"]


def test_usage_error_exits_1(capsys):
    with pytest.raises(SystemExit) as e:
        main(["predict"])
    assert e.value.code == 1


def test_models_lists_and_refuses_tampered(tiny_models, tmp_path, monkeypatch, capsys):
    root = tmp_path / "m"
    shutil.copytree(tiny_models, root)
    monkeypatch.setenv("DERMATRIAGE_MODELS", str(root))
    assert main(["models"]) == 0
    assert "tiny-a*" in capsys.readouterr().out
    onnx = root / "tiny-a" / "model.onnx"
    data = bytearray(onnx.read_bytes())
    data[100] ^= 0xFF
    onnx.write_bytes(bytes(data))
    assert main(["models"]) == 2
    assert "REFUSED" in capsys.readouterr().out
    assert main(["predict", str(tmp_path), "--model", "tiny-a"]) == 2
    assert "tiny-a" in capsys.readouterr().err


def test_output_to_a_device_or_pipe_is_written_in_place_never_replaced(tmp_path, models_env, fullres_images):
    """`--output /dev/null` once replaced /dev/null with a regular file (atomic rename, as root).
    A pipe stands in for the device here: it must still be a pipe afterwards and get the results."""
    import os
    import stat
    import threading

    fifo = tmp_path / "results.pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    from cli.main import main

    rc = main(["predict", str(fullres_images[0]), "--format", "json", "--output", str(fifo)])
    reader.join(30)
    assert rc == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode) and b'"triage"' in got[0]
    assert [p.name for p in tmp_path.iterdir()] == ["results.pipe"]  # no temp file left beside it


def test_predict_crop_fov_assesses_a_photo_with_a_dermatoscope_rim(fullres_images, tmp_path, capsys, monkeypatch):
    """The real default model: refused for its rim as it is; with --crop-fov, cropped and assessed."""
    from inference.imageio import load_image
    from inference.imaging import encode_png
    from inference.triage import OOD_REASONS
    from tests.conftest import BUNDLED
    from tests.hostile import with_scope_rim

    monkeypatch.setenv("DERMATRIAGE_MODELS", str(BUNDLED))
    path = tmp_path / "rim.png"
    path.write_bytes(encode_png(with_scope_rim(load_image(fullres_images[8]).rgb)))
    runs = {}
    for flag in ([], ["--crop-fov"]):
        assert main(["predict", str(path), "--output", str(tmp_path / "out.json"), *flag]) == 0
        runs[bool(flag)] = json.loads((tmp_path / "out.json").read_text())
    plain, cropped = (runs[k]["results"][0] for k in (False, True))
    assert plain["triage"] == "cannot_assess" and plain["reason"] == OOD_REASONS["rim"]
    assert cropped["triage"] != "cannot_assess" and cropped["settings"]["crop_box"]
