"""scripts/restore_run.py: a fresh machine gets the bundled default's run folder back, with the
very split the manifest recorded (the evaluation scripts read it)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BUNDLED, SHARED


def test_restored_split_hashes_as_the_manifest_says(tmp_path, monkeypatch):
    if not (SHARED / "ham10000-200x150").exists():
        pytest.skip("../shared/data/ham10000-200x150 not present")
    from scripts.restore_run import restore
    from training import data as D

    model = (BUNDLED / "DEFAULT").read_text().strip()
    manifest = json.loads((BUNDLED / model / "manifest.json").read_text())
    monkeypatch.chdir(BUNDLED.parent.parent)  # the recorded data paths are relative to the repository
    assert restore(manifest, tmp_path / "run") == manifest["provenance"]["split_sha256"]
    records, split = D.load_run(tmp_path / "run")  # what the evaluation scripts read
    counts = {s: sum(split.get(r.image_id) == s for r in records) for s in ("train", "val", "test")}
    assert counts == manifest["training"]["counts"]
    cfg = json.loads((tmp_path / "run" / "config.json").read_text())
    assert cfg["preprocess"] == manifest["preprocess"] and cfg["seed"] == manifest["provenance"]["config"]["seed"]
    tampered = {**manifest, "provenance": {**manifest["provenance"], "split_sha256": "0" * 64}}
    with pytest.raises(ValueError, match="hashes to"):
        restore(tampered, tmp_path / "other")
    assert not (tmp_path / "other").exists()  # nothing written when it does not match


@pytest.mark.parametrize("output", ["../../outside", "/tmp/elsewhere", "runs/../..", 42, None])
def test_the_manifest_does_not_choose_where_it_writes(output):
    from scripts.restore_run import ROOT, recorded_output

    with pytest.raises(ValueError, match="not under runs/"):
        recorded_output({"provenance": {"config": {"output": output}}})
    assert recorded_output({"provenance": {"config": {"output": "runs/lite0_allham"}}}) == ROOT / "runs/lite0_allham"
