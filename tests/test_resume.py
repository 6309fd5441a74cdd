"""A training run cut at any moment and resumed ends with the same weights as an uncut run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

ROOT = Path(__file__).resolve().parent.parent
ISIC = ROOT.parent / "shared" / "data" / "isic2017-256"


def _common(ham_root, out: Path, extra=True) -> list[str]:
    args = ["--data", str(ham_root), "--arch", "tinyvgg", "--epochs", "2", "--freeze-epochs", "0",
            "--max-images", "16", "--batch-size", "4", "--ema", "0.9", "--no-progress", "--threads", "1",
            "--output", str(out)]  # fmt: skip
    if extra and (ISIC / "labels.csv").exists():
        args += ["--extra-data", str(ISIC), "--source-balance", "0.5"]
    return args


def _train(args, **kw):
    return subprocess.run([sys.executable, "-m", "training.train", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, **kw)  # fmt: skip


def _assert_same_weights(a: Path, b: Path) -> None:
    ca = torch.load(a / "checkpoint_last.pt", weights_only=False)
    cb = torch.load(b / "checkpoint_last.pt", weights_only=False)
    for part in ("model", "ema"):
        for k, v in ca[part].items():
            assert torch.allclose(v.float(), cb[part][k].float(), atol=1e-6), (part, k)
    assert [h["train_loss"] for h in ca["history"]] == pytest.approx([h["train_loss"] for h in cb["history"]])


@pytest.fixture(scope="module")
def uncut(ham_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("uncut") / "run"
    r = _train(_common(ham_root, out))
    assert r.returncode == 0, r.stderr[-3000:]
    return out


@pytest.mark.parametrize("k", [3, 5])  # inside epoch 0, and inside epoch 1 (3 steps an epoch here)
def test_cut_after_k_steps_and_resumed_on_a_fresh_process(ham_root, uncut, tmp_path, k):
    out = tmp_path / "run"
    r = _train([*_common(ham_root, out), "--stop-after-steps", str(k)])
    assert r.returncode == 75, r.stderr[-3000:]  # stopped, checkpoint written, "resume me"
    assert "continue with --resume" in r.stderr
    r = _train(["--resume", str(out)])  # only the folder: its own config
    assert r.returncode == 0, r.stderr[-3000:]
    assert "resumed from epoch" in r.stderr
    _assert_same_weights(uncut, out)
    assert json.loads((out / "result.json").read_text())["epochs_run"] == 2


def test_sigterm_at_a_random_moment_writes_a_checkpoint_that_resumes_exactly(ham_root, uncut, tmp_path):
    out = tmp_path / "run"
    args = [*_common(ham_root, out), "--epochs", "2", "--checkpoint-minutes", "0"]
    p = subprocess.Popen([sys.executable, "-m", "training.train", *args], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and "decoded" not in _read(out / "train.log"):
        time.sleep(0.05)
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=300)
    if p.returncode == 0:  # finished before the signal landed: nothing to resume
        pytest.skip("the run ended before SIGTERM arrived")
    assert p.returncode == 75, err[-3000:]
    r = _train(["--resume", str(out)])
    assert r.returncode == 0, r.stderr[-3000:]
    _assert_same_weights(uncut, out)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def test_source_balanced_draws_give_the_small_source_its_share():
    from training.sampling import EpochSampler, source_shares, source_weights

    sources = ["ham"] * 900 + ["isic"] * 100
    shares = source_shares(sources, 0.5)
    assert shares["isic"] == pytest.approx(10 / 40)  # sqrt(100) / (sqrt(900) + sqrt(100))
    s = EpochSampler(len(sources), seed=1, weights=source_weights(sources, 0.5))
    drawn = [sources[i] for i in s.indices(0)]
    assert 0.20 < drawn.count("isic") / len(drawn) < 0.30
    assert s.indices(3) == EpochSampler(len(sources), 1, source_weights(sources, 0.5)).indices(3)
    s.start(3, skip=10)
    assert list(s) == s.indices(3)[10:]
    assert sorted(EpochSampler(50, seed=2).indices(0)) == list(range(50))  # no weights: a permutation


def test_near_identical_photos_share_a_group():
    import numpy as np

    from training.data import near_duplicate_groups

    rng = np.random.default_rng(0)
    a = rng.normal(size=256)
    thumbs = np.stack([a, a + rng.normal(scale=0.1, size=256), rng.normal(size=256), -a])
    thumbs -= thumbs.mean(1, keepdims=True)
    thumbs /= np.linalg.norm(thumbs, axis=1, keepdims=True)
    g = near_duplicate_groups(thumbs)
    assert g[0] == g[1] and len({g[0], g[2], g[3]}) == 3


@pytest.mark.skipif(not (ISIC / "labels.csv").exists(), reason="../shared/data/isic2017-256 not present")
def test_isic2017_split_keeps_groups_whole_and_leaves_the_ham_split_alone(ham_root, tmp_path):
    from types import SimpleNamespace

    from training.train import get_args_parser, prepare_data

    base = vars(get_args_parser().parse_args(["--data", str(ham_root)]))
    _, plain, _ = prepare_data(SimpleNamespace(**base), tmp_path / "a")
    _, both, _ = prepare_data(SimpleNamespace(**{**base, "extra_data": [str(ISIC)]}), tmp_path / "b")
    for s in ("train", "val", "test"):
        ham = [r.image_id for r in both[s] if r.meta.get("dataset", "ham10000") == "ham10000"]
        assert ham == [r.image_id for r in plain[s]]
    where = {}
    for s, recs in both.items():
        for r in recs:
            if r.meta.get("dataset") == "isic2017":
                assert where.setdefault(r.lesion_id, s) == s  # a near-duplicate group never straddles
    isic = sum(1 for recs in both.values() for r in recs if r.meta.get("dataset") == "isic2017")
    assert isic == 1706
    assert os.path.getsize(tmp_path / "b" / "split.csv") > os.path.getsize(tmp_path / "a" / "split.csv")


def test_a_travelling_checkpoint_resumes_on_another_machine_nearly_where_it_was(ham_root, uncut, tmp_path):
    """The committed copy (8-bit moments, float16 EMA difference): a run packed, unpacked into a fresh
    folder and resumed ends close to the uncut run."""
    out = tmp_path / "run"
    r = _train([*_common(ham_root, out), "--stop-after-steps", "3"])
    assert r.returncode == 75, r.stderr[-3000:]
    from training.checkpoint import main as checkpoint_main

    travel = tmp_path / "travel.pt"
    assert checkpoint_main(["pack", str(out), "--output", str(travel)]) == 0
    fresh = tmp_path / "elsewhere"
    assert checkpoint_main(["unpack", str(travel), "--run", str(fresh)]) == 0
    r = _train(["--resume", str(fresh)])
    assert r.returncode == 0, r.stderr[-3000:]
    ca = torch.load(uncut / "checkpoint_last.pt", weights_only=False)
    cb = torch.load(fresh / "checkpoint_last.pt", weights_only=False)
    worst = max((ca["model"][k].float() - cb["model"][k].float()).abs().max().item() for k in ca["model"])
    assert worst < 0.05, worst


def test_a_lite0_checkpoint_travels_in_under_30_mb(tmp_path):
    from training.checkpoint import TRAVEL_LIMIT, pack_for_travel, save_atomic
    from training.models import build_model

    model = build_model("efficientnet_lite0", 7, pretrained=False)
    opt = torch.optim.AdamW(model.parameters())
    model(torch.zeros(2, 3, 64, 64)).sum().backward()
    opt.step()
    ck = {"model": model.state_dict(), "ema": {f"module.{k}": v for k, v in model.state_dict().items()},
          "optimizer": opt.state_dict(), "epoch": 3, "step": 10, "config": {}}  # fmt: skip
    save_atomic(pack_for_travel(ck), tmp_path / "t.pt")
    assert (tmp_path / "t.pt").stat().st_size < TRAVEL_LIMIT
