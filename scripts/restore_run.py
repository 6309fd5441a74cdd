"""Recreate a bundled model's run folder (config.json, split.csv) from its manifest, on a machine
that never had it (runs/ is not in git). The evaluation scripts read both:

    .venv/bin/python scripts/restore_run.py [--model ID] [--output runs/lite0_allham]

The split is made again from the recorded config (same data, seeds and anchor) and must hash to
the manifest's `provenance.split_sha256`; if it does not (other data, other code), nothing is
written and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def restore(manifest: dict, output: Path) -> str:
    """Write output/config.json and output/split.csv; return the split's sha256. Raises ValueError
    when the split made again does not match the manifest's."""
    from training.train import prepare_data

    prov = manifest["provenance"]
    cfg = dict(prov["config"])
    with tempfile.TemporaryDirectory() as tmp:
        _, _, sha = prepare_data(SimpleNamespace(**{**cfg, "split_file": None}), Path(tmp))
        if sha != prov["split_sha256"]:
            raise ValueError(f"the split made again hashes to {sha}, the manifest says {prov['split_sha256']}")
        output.mkdir(parents=True, exist_ok=True)
        (output / "split.csv").write_bytes((Path(tmp) / "split.csv").read_bytes())
    (output / "config.json").write_text(json.dumps({**cfg, "preprocess": manifest["preprocess"]}, indent=1) + "\n")
    return sha


def recorded_output(manifest: dict) -> Path:
    """The run folder the manifest's config names, only when it is a folder under runs/ of this
    repository (a manifest is outside input: it does not choose where this script writes)."""
    out = manifest.get("provenance", {}).get("config", {}).get("output")
    runs = (ROOT / "runs").resolve()
    if not isinstance(out, str) or Path(out).is_absolute() or not (ROOT / out).resolve().is_relative_to(runs):
        raise ValueError(f"the manifest's run folder {out!r} is not under runs/: pass --output")
    return ROOT / out


def main() -> int:
    from inference.registry import default_model_id, find_model

    p = argparse.ArgumentParser()
    p.add_argument("--model", help="a bundled model id (default: the default model)")
    p.add_argument("--output", help="the run folder (default: the one in the manifest's config)")
    a = p.parse_args()
    os.chdir(ROOT)  # the recorded data paths (../shared/data/...) and outputs are relative to the repository
    entry = find_model(a.model or default_model_id() or "")
    manifest = entry.manifest.raw
    try:
        out = Path(a.output) if a.output else recorded_output(manifest)
        sha = restore(manifest, out)
    except ValueError as e:
        print(f"{entry.id}: {e}; nothing written", file=sys.stderr)
        return 1
    print(f"{entry.id}: wrote {out}/config.json and {out}/split.csv (sha256 {sha}, as in the manifest)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
