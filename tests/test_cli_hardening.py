"""Issue 30, item 11: the command line answers bad input with a plain message and exit 2, never a
traceback; it creates no folder it was not asked to; it never prints a server's control or bidi
characters raw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cases.store import CaseStore
from cases.validation import read_truth

REPO = Path(__file__).resolve().parent.parent


def _cli(tmp_path, *args):
    env = {**os.environ, "DERMATRIAGE_HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120)  # fmt: skip


@pytest.mark.parametrize("case", ["nonexistent", "0123456789abcdef0123456789abcdef", "../../etc"])
def test_send_and_annotate_an_unknown_case(tmp_path, case):
    for args in (("send", "--case", case), ("annotate", case, "--diagnosis", "mel", "--confirm-type", "clinical")):
        r = _cli(tmp_path, *args)
        assert r.returncode == 2, r.stderr
        assert "no such case" in r.stderr and "Traceback" not in r.stderr and "FOREIGN KEY" not in r.stderr


def test_truth_csv_is_refused_with_a_reason(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("image,dx\nA,mel\nA,nv\n")
    with pytest.raises(ValueError, match="listed twice"):
        read_truth(f)
    cols = "image,MEL,NV,BCC,AKIEC,BKL,DF,VASC\n"
    f.write_text(cols + "A,inf,0,0,0,0,0,0\n")
    with pytest.raises(ValueError, match="not in"):
        read_truth(f)
    f.write_text(cols + "A,nan,1,0,0,0,0,0\n")
    with pytest.raises(ValueError, match="not in"):
        read_truth(f)
    f.write_text("image,dx,notes\nA,mel," + "x" * 200_000 + "\n")
    with pytest.raises(ValueError, match="not a readable CSV"):
        read_truth(f)
    f.write_text(cols + "A,1,0,0,0,0,0,0\nB,0,1,0,0,0,0,0\n")
    assert read_truth(f) == {"A": (4, "A"), "B": (5, "B")}


def test_validate_output_never_creates_folders(tmp_path, models_env, fullres_images):
    truth = tmp_path / "t.csv"
    truth.write_text(f"image,dx\n{fullres_images[0].stem},akiec\n")
    target = tmp_path / "not" / "there" / "report.json"
    r = _cli(tmp_path, "validate", str(fullres_images[0]), "--truth", str(truth), "--model", "tiny-a",
             "--format", "json", "--output", str(target), "--boot", "10")  # fmt: skip
    assert r.returncode == 1 and "does not exist" in r.stderr, r.stderr
    assert not (tmp_path / "not").exists()


def test_cases_never_prints_control_or_bidi_characters(tmp_path):
    store = CaseStore(tmp_path / "home")
    cid = store.create_case("nice\u202eevil", "", author="nurse")
    store.add_image(cid, np.zeros((20, 20, 3), np.uint8) + 120, "file", "a.jpg")
    with store.transaction():  # as a merged server case could carry it
        store.db.execute("UPDATE patient SET pseudonym=? WHERE id=(SELECT patient_id FROM lesion WHERE id=?)",
                         ("bell\x07\x1b[31mred\u2066", cid))  # fmt: skip
    store.close()
    for fmt in ("text", "json"):
        r = _cli(tmp_path, "cases", "--format", fmt)
        assert r.returncode == 0, r.stderr
        assert not any(c in r.stdout for c in "\x07\x1b\u202e\u2066"), repr(r.stdout)
    data = json.loads(_cli(tmp_path, "cases", "--format", "json").stdout)
    assert data[0]["pseudonym"] == "bell\x07\x1b[31mred\u2066"  # escaped in the text, the value intact
