"""Issue 32: the layers contract (tests/layers.py) holds on the whole tree, and it would catch a
planted upward import, one inside a function included, and a planted import circle."""

from __future__ import annotations

from pathlib import Path

from tests.layers import circles, sources, violations

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_points_down_a_layer():
    assert violations(ROOT) == []


def test_no_import_circle():
    assert circles(ROOT) == []


def test_a_planted_upward_import_fails_the_contract():
    files = sources(ROOT)
    planted = dict(files)
    planted["inference.analysis"] = files["inference.analysis"] + "\n\ndef f():\n    from desktop import window\n"
    assert any("inference.analysis imports desktop" in v for v in violations(ROOT, planted))
    planted = {**files, "cases.store": files["cases.store"] + "\nimport exchange.outbox\n"}
    assert any("cases.store imports exchange.outbox" in v for v in violations(ROOT, planted))
    planted = {**files, "inference.probs": files["inference.probs"] + "\nimport torch\n"}
    assert any("no torch" in v for v in violations(ROOT, planted))
    planted = {**files, "training.data": files["training.data"] + "\nfrom cases.store import CaseStore\n"}
    assert any("training imports inference only" in v for v in violations(ROOT, planted))


def test_a_planted_circle_is_found():
    files = sources(ROOT)
    planted = {**files, "inference.probs": files["inference.probs"] + "\nfrom inference import analysis\n"}
    assert any("inference.probs" in c and "inference.analysis" in c for c in circles(ROOT, planted))
