"""Issue 15 item 6: a full or read-only disk is not a damaged database. Run on small tmpfs mounts
(needs root, which CI has; skipped with the reason elsewhere)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cases.store import CaseStore, StoreCorruptError, StoreError, StoreUnavailableError

REPO = Path(__file__).resolve().parent.parent


def _can_mount() -> str | None:
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    if not sys.platform.startswith("linux"):
        return "tmpfs mounts are Linux only"
    return None


pytestmark = pytest.mark.skipif(_can_mount() is not None, reason=_can_mount() or "")


@pytest.fixture()
def small_disk(tmp_path):
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(mnt: Path, leave: int = 0) -> None:
    """Fill the disk, leaving about `leave` bytes."""
    st = os.statvfs(mnt)
    free = st.f_bavail * st.f_frsize
    with open(mnt / "filler.bin", "wb") as f:
        f.write(b"\0" * max(0, free - leave))
        f.flush()
    if leave:
        return
    try:
        with open(mnt / "filler2.bin", "wb") as f:  # whatever rounding left
            while True:
                f.write(b"\0" * 4096)
                f.flush()
    except OSError:
        pass


def _noise(h=200, w=200):
    return (np.random.default_rng(0).random((h, w, 3)) * 255).astype(np.uint8)


def test_full_disk_is_reported_as_full_and_nothing_is_damaged(small_disk):
    home = small_disk / "home"
    s = CaseStore(home)
    cid = s.create_case("P", "back")
    s.add_image(cid, _noise(50, 50), "file", "a.png")
    snap = s.snapshot()
    _fill(small_disk)
    with pytest.raises(StoreUnavailableError) as e:
        for i in range(50):
            s.add_image(s.create_case(f"Q{i}"), _noise(), "file", "b.png")
    assert e.value.reason == "full" and "full" in str(e.value) and "Restore" not in str(e.value)
    s.close()
    size = (home / "cases.sqlite").stat().st_size
    # Following the old advice on a full disk emptied the database: restoring must refuse cleanly.
    with pytest.raises(StoreError) as e:
        CaseStore.restore_snapshot(home, snap)
    assert "full" in str(e.value)
    assert (home / "cases.sqlite").stat().st_size == size > 0
    assert not (home / ".restoring.sqlite").exists()
    (small_disk / "filler.bin").unlink()
    (small_disk / "filler2.bin").unlink(missing_ok=True)
    s = CaseStore(home)  # opens fine, the first case intact
    assert s.get_case(cid)["images"] and s.integrity()["integrity_check"] == "ok"
    assert s.integrity()["missing_files"] == []
    s.close()


def test_read_only_disk_is_reported_as_read_only(small_disk):
    home = small_disk / "home"
    s = CaseStore(home)
    s.create_case("P")
    s.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(StoreError) as e:
            s = CaseStore(home)
            s.create_case("Q")
        assert not isinstance(e.value, StoreCorruptError)
        assert isinstance(e.value, StoreUnavailableError) and e.value.reason == "readonly", str(e.value)
        assert "read-only" in str(e.value)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)


def test_predict_save_on_a_full_disk(small_disk, tmp_path, models_env, fullres_images):
    home = small_disk / "home"
    CaseStore(home).close()
    _fill(small_disk, leave=64 * 1024)
    out = tmp_path / "results.json"
    out.write_text("previous results\n")
    env = {**os.environ, "DERMATRIAGE_HOME": str(home), "DERMATRIAGE_MODELS": str(models_env)}
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "predict",
            *map(str, fullres_images[:3]),
            "--save",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "full" in r.stderr
    doc = json.loads(out.read_text())  # the results were still written (to the other disk), whole
    assert doc["summary"]["analysed"] == 3
    (small_disk / "filler.bin").unlink()
    s = CaseStore(home)
    for c in s.list_cases():  # no empty case left behind
        assert c.images == 1
    assert s.integrity()["integrity_check"] == "ok"
    s.close()


def test_output_to_a_missing_folder_fails_before_any_work(tmp_path, models_env, fullres_images):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "predict",
            str(fullres_images[0]),
            "--output",
            str(tmp_path / "no" / "x.json"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert r.returncode == 1 and "does not exist" in r.stderr and "analysed" not in r.stderr
