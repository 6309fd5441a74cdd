"""Fuzz the bundle importer with mutations of a real bundle (issue 15): only clean StoreErrors,
nothing written outside the store, integrity ok, nothing left behind by a refused import.
FUZZ_EXAMPLES sets the count (CI: 60); scripts/fuzz_bundles.py runs many more."""

from __future__ import annotations

import os
import random
import resource

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.export import export_bundle, import_bundle
from cases.store import CaseStore, StoreError
from harness.bundle_mutations import mutate
from inference.analysis import Analyzer
from inference.imageio import load_image

N = int(os.environ.get("FUZZ_EXAMPLES", "60"))


@pytest.fixture(scope="module")
def bundle_bytes(tmp_path_factory, tiny_models, fullres_images):
    tmp = tmp_path_factory.mktemp("fuzz-src")
    s = CaseStore(tmp / "clinic")
    an = Analyzer.load("tiny-a", "cpu", root=tiny_models)
    cid = s.create_case("P", "back")
    img = load_image(fullres_images[0])
    iid = s.add_image(cid, img.rgb[::4, ::4].copy(), "file", "a.jpg")
    s.add_analysis(iid, an.analyze(img.rgb[::4, ::4].copy()))
    s.set_annotation(cid, diagnosis="nv", confirm_type="clinical", notes="n")
    data = export_bundle(s, cid, tmp, with_pdf=False).read_bytes()
    s.close()
    return data


@settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_bundles_fail_cleanly(bundle_bytes, tmp_path_factory, seed):
    tmp = tmp_path_factory.mktemp("fuzz")
    store = CaseStore(tmp / "store")
    path = tmp / "in.dtcase.zip"
    path.write_bytes(mutate(bundle_bytes, random.Random(seed)))
    outside_before = {p.name for p in tmp.iterdir()}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        import_bundle(store, path)
        imported = True
    except StoreError:
        imported = False
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 300 * 1024
    assert {p.name for p in tmp.iterdir()} == outside_before
    assert store.integrity() == {"integrity_check": "ok", "missing_files": []}
    assert not list(store.home.glob(".incoming-*"))
    if not imported:
        assert store.list_cases() == [] and not list((store.home / "blobs").rglob("*.png"))
    store.close()
