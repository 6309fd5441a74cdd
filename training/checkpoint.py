"""Checkpoints a run can be resumed from exactly: weights, EMA, optimiser, scheduler, where in the
epoch the sampler is, and every random generator's state. Written atomically (a half-written file
never replaces a good one), every few minutes and when the process is asked to stop (SIGTERM)."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import numpy as np
import torch


def rng_state() -> dict:
    return {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}


def set_rng_state(state: dict) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])


def save_atomic(obj: dict, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class StopClock:
    """Says when a checkpoint is due: every `minutes` (0: never by time), after `stop_after_steps`
    training steps of this process (tests cut a run there), or once SIGTERM / SIGINT arrived."""

    def __init__(self, minutes: float = 10.0, stop_after_steps: int | None = None):
        self.period = minutes * 60.0
        self.last = time.monotonic()
        self.stop_after = stop_after_steps
        self.steps = 0
        self.stop_requested = False
        self._old = {}

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                self._old[sig] = signal.signal(sig, self._on_signal)
            except ValueError:  # not the main thread (a test calling main() from a thread)
                pass

    def uninstall(self) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()

    def _on_signal(self, signum, frame) -> None:
        self.stop_requested = True

    def step(self) -> tuple[bool, bool]:
        """After one training step: (save now, then stop)."""
        self.steps += 1
        if self.stop_after is not None and self.steps >= self.stop_after:
            self.stop_requested = True
        if self.stop_requested:
            return True, True
        if self.period > 0 and time.monotonic() - self.last >= self.period:
            self.last = time.monotonic()
            return True, False
        return False, False


# --- A checkpoint that travels to the next machine (committed to git, at most 30 MB) ----------------
#
# The local checkpoint resumes exactly but holds four float32 copies of the network (weights, EMA,
# Adam's two moments: 54 MB for Lite0). The travelling copy keeps the weights exact, the EMA as a
# float16 difference from them, and the moments 8-bit, block by block (as 8-bit optimisers store
# them): 27 MB for Lite0. A run resumed from it continues nearly, not bit for bit, where it was.

TRAVEL_LIMIT = 30 * 1024 * 1024
BLOCK = 256


def _blocks(t: torch.Tensor) -> torch.Tensor:
    flat = t.detach().float().flatten()
    return torch.nn.functional.pad(flat, (0, (-len(flat)) % BLOCK)).view(-1, BLOCK)


def _quantize(t: torch.Tensor, log: bool) -> dict:
    """8 bits a value, per block of 256: linear between -max and max (first moment), or in log space
    between the block's smallest and largest value (second moment: it spans many orders of magnitude,
    and a value rounded to 0 would make Adam's step explode)."""
    b = _blocks(t)
    if log:
        x = torch.log(b.clamp_min(1e-38))
        lo, hi = x.amin(1), x.amax(1)
        q = torch.round((x - lo[:, None]) / (hi - lo).clamp_min(1e-12)[:, None] * 255).to(torch.uint8)
        return {"q": q, "lo": lo, "hi": hi, "shape": tuple(t.shape), "n": t.numel()}
    scale = b.abs().amax(1).clamp_min(1e-38)
    q = torch.round(b / scale[:, None] * 127).to(torch.int8)
    return {"q": q, "scale": scale, "shape": tuple(t.shape), "n": t.numel()}


def _dequantize(d: dict) -> torch.Tensor:
    if "lo" in d:
        x = torch.exp(d["lo"][:, None] + d["q"].float() / 255 * (d["hi"] - d["lo"])[:, None])
    else:
        x = d["q"].float() * (d["scale"][:, None] / 127)
    return x.flatten()[: d["n"]].view(d["shape"])


def pack_for_travel(ck: dict) -> dict:
    out = {k: v for k, v in ck.items() if k not in ("ema", "optimizer")}
    out["format"] = "travel-1"
    if ck.get("ema") is not None:
        model = ck["model"]
        out["ema_delta"] = {
            k: (v - model[k.removeprefix("module.")]).half()
            if k.removeprefix("module.") in model and v.is_floating_point()
            else v
            for k, v in ck["ema"].items()
        }
    opt = ck["optimizer"]
    state = {}
    for pid, st in opt["state"].items():
        packed = {}
        for k, v in st.items():
            if k in ("exp_avg", "exp_avg_sq"):
                packed[k] = _quantize(v, log=k == "exp_avg_sq")
            else:
                packed[k] = v
        state[pid] = packed
    out["optimizer"] = {"state": state, "param_groups": opt["param_groups"]}
    return out


def unpack_travel(t: dict) -> dict:
    ck = {k: v for k, v in t.items() if k not in ("ema_delta", "optimizer", "format")}
    ck["format"] = 2
    if "ema_delta" in t:
        model = t["model"]
        ck["ema"] = {
            k: (model[k.removeprefix("module.")].float() + v.float()).to(model[k.removeprefix("module.")].dtype)
            if k.removeprefix("module.") in model and v.is_floating_point()
            else v
            for k, v in t["ema_delta"].items()
        }
    else:
        ck["ema"] = None
    state = {}
    for pid, st in t["optimizer"]["state"].items():
        state[pid] = {k: (_dequantize(v) if k in ("exp_avg", "exp_avg_sq") else v) for k, v in st.items()}
    ck["optimizer"] = {"state": state, "param_groups": t["optimizer"]["param_groups"]}
    return ck


def main(argv=None) -> int:
    """python -m training.checkpoint pack RUN --output FILE   |   unpack FILE --run RUN"""
    import argparse

    p = argparse.ArgumentParser(description="checkpoints that travel between machines (committed to git)")
    sub = p.add_subparsers(dest="cmd", required=True)
    pk = sub.add_parser("pack", help="RUN/checkpoint_last.pt -> a file of at most 30 MB")
    pk.add_argument("run")
    pk.add_argument("--output", required=True)
    up = sub.add_parser("unpack", help="a travelling file -> RUN/checkpoint_last.pt, then --resume RUN")
    up.add_argument("file")
    up.add_argument("--run", required=True)
    a = p.parse_args(argv)
    if a.cmd == "pack":
        ck = torch.load(Path(a.run) / "checkpoint_last.pt", map_location="cpu", weights_only=False)
        save_atomic(pack_for_travel(ck), Path(a.output))
        size = Path(a.output).stat().st_size
        print(f"{a.output}: {size / 2**20:.1f} MiB (epoch {ck['epoch']}, step {ck['step']})")
        if size > TRAVEL_LIMIT:
            print("error: over 30 MB; it must not be committed", file=__import__("sys").stderr)
            return 1
        return 0
    t = torch.load(a.file, map_location="cpu", weights_only=False)
    run = Path(a.run)
    run.mkdir(parents=True, exist_ok=True)
    save_atomic(unpack_travel(t), run / "checkpoint_last.pt")
    if not (run / "config.json").exists():
        import json

        (run / "config.json").write_text(json.dumps({**t["config"], "output": str(run)}, indent=2, default=str))
    print(f"{run}/checkpoint_last.pt written; continue with: python -m training.train --resume {run}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
