"""Whichever model is chosen, the default's not-a-lesion check runs too and its refusal counts
on its own (docs/experiments/strictest-check.md)."""

from __future__ import annotations

import shutil

import pytest

from inference.analysis import GATE_MISSING, Analyzer
from inference.imageio import load_image
from inference.registry import default_model_id, list_models
from tests.conftest import BUNDLED


def test_another_model_also_runs_the_default_check(models_env, fullres_images):
    default, other, ens = (Analyzer.load(m, "cpu") for m in (None, "tiny-b", "ensemble"))
    assert not default.gates and not ens.gates and [g.manifest.id for g in other.gates] == ["tiny-a"]
    rgb = load_image(fullres_images[0]).rgb
    a = other.analyze(rgb)
    assert [p.model_id for p in a.predictions] == ["tiny-b"]  # the check's network does not classify
    assert [o.model_id for o in a.ood] == ["tiny-b", "tiny-a"]
    assert a.to_dict()["out_of_distribution"]["models"] == ["tiny-b", "tiny-a"]
    assert a.out_of_distribution == (max(o.ratio for o in a.ood) > 1)
    # The same check as when the default runs alone (the photo as it is, one view).
    assert a.ood[1].ratio == pytest.approx(default.analyze(rgb).ood[0].ratio, rel=1e-4)
    # The ensemble: the members' mean, or the default's own check (round 2); no extra network.
    for f in fullres_images[:5]:
        e = ens.analyze(load_image(f).rgb)
        by_id = {o.model_id: o.ratio for o in e.ood}
        assert len(e.ood) == 2
        assert e.out_of_distribution == (sum(by_id.values()) / 2 > 1 or by_id["tiny-a"] > 1)


def test_a_missing_default_leaves_the_model_own_check_and_says_so(tiny_models, tmp_path, fullres_images):
    shutil.copytree(tiny_models / "tiny-b", tmp_path / "tiny-b")
    (tmp_path / "DEFAULT").write_text("tiny-a\n")  # named, but not installed
    an = Analyzer.load("tiny-b", "cpu", root=tmp_path)
    assert not an.gates and GATE_MISSING in an.notes
    assert GATE_MISSING in an.analyze(load_image(fullres_images[0]).rgb).warnings


def test_bundled_alternative_refuses_stained_tissue_through_the_default_check():
    """The alternative's own check answered 9 of 12 immunohistochemistry crops (README); the
    default's refuses this slide, so choosing the alternative no longer lets it through."""
    import skimage.data as data

    default = default_model_id(BUNDLED)
    others = [e.id for e in list_models(BUNDLED)[0] if e.id != default]
    if not others:
        pytest.skip("one bundled model")
    a = Analyzer.load(others[0], "cpu", root=BUNDLED).analyze(data.immunohistochemistry())
    assert a.ood[-1].model_id == default and a.ood[-1].ratio > 1 and a.triage == "cannot_assess"
