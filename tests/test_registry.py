from __future__ import annotations

import json
import shutil

import pytest

from inference.errors import ModelError
from inference.registry import check_all, find_model, list_models, verify


def test_lists_and_verifies(tiny_models):
    entries, problems = list_models(tiny_models)
    assert [e.id for e in entries] == ["tiny-a", "tiny-b"] and not problems
    vm = verify(find_model("tiny-a", tiny_models))
    assert vm.cam_weights.shape == (7, 16) and "precision" in vm.ood_arrays


def test_one_flipped_byte_is_refused_by_name(tiny_models, tmp_path):
    root = tmp_path / "m"
    shutil.copytree(tiny_models, root)
    onnx = root / "tiny-b" / "model.onnx"
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 0x01
    onnx.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="tiny-b.*integrity"):
        verify(find_model("tiny-b", root))
    status = {e.id: p for e, p in check_all(root)}
    assert status["tiny-a"] is None and "integrity" in status["tiny-b"]


def test_broken_manifest_and_unknown_model(tiny_models, tmp_path):
    root = tmp_path / "m"
    shutil.copytree(tiny_models, root)
    m = json.loads((root / "tiny-a" / "manifest.json").read_text())
    del m["thresholds"]
    (root / "tiny-a" / "manifest.json").write_text(json.dumps(m))
    entries, problems = list_models(root)
    assert [e.id for e in entries] == ["tiny-b"] and "incomplete" in problems[0]
    with pytest.raises(ModelError, match="not installed"):
        find_model("nope", root)
