"""A bundled model's reference for local validation and for its clinician summary (issues 31.13,
31.14): the model scored exactly as the app scores a clinic's cases (`dermatriage-cli validate`:
the label the app shows, its views, its triage, lesion-bootstrap intervals), written into its
manifest. `reference_validation` is its own test split (what `Validate on our cases` compares a
clinic with); `reference_by_source` holds other sources (photos from other clinics), shown in
Model info. The model must be signed again after --write.

    .venv/bin/python scripts/reference_figures.py --model ID --run runs/lite0_allham [--write]
    .venv/bin/python scripts/reference_figures.py --model ID --run runs/lite0_isic30 --part isic2017:heldout \
        --source "isic2017, another clinic (ISIC Archive 2017, mostly New York)" --write
    .venv/bin/python scripts/reference_figures.py --model ID --folder PHOTOS --truth CSV --source "..." --write
    .venv/bin/python -m training.sign --key KEY assets/models/ID
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.eval_sources import part_records, validate  # noqa: E402


def validate_folder(model: str, folder: str, truth: str, boot: int) -> dict:
    cmd = [sys.executable, "-m", "cli", "validate", folder, "--truth", truth, "--model", model,
           "--format", "json", "--boot", str(boot)]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode not in (0, 2):
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", help="the run folder whose split names the photos (scripts/restore_run.py)")
    p.add_argument("--part", default="ham10000:test")
    p.add_argument("--folder", help="instead of --run: a folder of photos with --truth")
    p.add_argument("--truth")
    p.add_argument("--source", help="another source: written to reference_by_source under this name")
    p.add_argument("--boot", type=int, default=1000)
    p.add_argument("--write", action="store_true", help="write it into assets/models/ID/manifest.json")
    a = p.parse_args()
    from inference.validation import reference_figures

    if a.folder:
        rep = validate_folder(a.model, a.folder, a.truth, a.boot)
        where = f"{a.source} ({rep['n']} photos, {rep['lesions']} lesions)"
    else:
        rep = validate(a.model, part_records(Path(a.run), a.part), a.boot)
        source, split = a.part.split(":")
        name = a.source or ("HAM10000" if source == "ham10000" else source)
        part = {"heldout": ", held-out part: val + test", "test": " test split"}.get(split, f" {split} split")
        where = f"{name}{part} ({rep['n']} photos, {rep['lesions']} lesions), never used for fitting"
    ref = {"data": where + "; measured like local validation", "n": rep["n"], "lesions": rep["lesions"],
           "figures": reference_figures(rep)}  # fmt: skip
    print(json.dumps(ref, indent=1))
    if a.write:
        path = ROOT / "assets" / "models" / a.model / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if a.source:
            others = [r for r in manifest.get("reference_by_source", []) if not r["data"].startswith(a.source)]
            manifest["reference_by_source"] = [*others, ref]
        else:
            manifest["reference_validation"] = ref
        path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(f"written to {path}; sign the folder again", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
