"""Issue 30, item 10: every DICOM object passes dciodvfy with 0 errors, also for a case without a body
site (every `predict --save` case), a backslash in the pseudonym and a 200-character pseudonym."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from cases.dicom import case_datasets, patient_name, to_bytes
from cases.store import CaseStore
from exchange.sr import review_sr


def test_patient_name_is_one_pn_value_within_its_length():
    assert patient_name("a\\b^c=d") == "a b c d^"
    long = patient_name("é" * 200)
    assert len(long.encode()) <= 64 and long.endswith("^") and "\\" not in long


@pytest.mark.skipif(shutil.which("dciodvfy") is None, reason="dciodvfy not installed (Debian dicom3tools)")
@pytest.mark.parametrize(
    "pseudonym, site",
    [("no site", ""), ("back\\slash", "left forearm"), ("x" * 200, ""), ("李" * 100, "chest"), ("Maria Lopez", "")],
)
def test_every_object_passes_dciodvfy(tmp_path, pseudonym, site):
    store = CaseStore(tmp_path / "s")
    cid = store.create_case(pseudonym, site, author="nurse")
    rgb = np.random.default_rng(0).integers(0, 255, (60, 80, 3)).astype(np.uint8)
    store.add_image(cid, rgb, "file", "a.jpg")
    case = store.get_case(cid)
    for i, ds in enumerate(case_datasets(store, case) + [review_sr(case)]):
        f = tmp_path / f"{i}.dcm"
        f.write_bytes(to_bytes(ds))
        r = subprocess.run(["dciodvfy", str(f)], capture_output=True, text=True, timeout=60)
        errors = [x for x in r.stderr.splitlines() if x.startswith("Error")]
        assert not errors, (pseudonym[:20], i, errors)
    store.close()
