"""A bundled model's reference for local validation (issue 31.13): the model scored on its own test
split exactly as the app scores a clinic's cases (`dermatriage-cli validate`: the label the app
shows, its views, its triage, lesion-bootstrap intervals), written into its manifest as
`reference_validation`. The validation dialog, the CLI and the PDF compare a clinic's figures with
these, never with the export's figures for the network alone. The model must be signed again after.

    .venv/bin/python scripts/reference_figures.py --model ID --run runs/lite0_allham [--write]
    .venv/bin/python -m training.sign --key KEY assets/models/ID
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.eval_sources import part_records, validate  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--run", required=True, help="the model's run folder (scripts/restore_run.py makes it)")
    p.add_argument("--part", default="ham10000:test")
    p.add_argument("--boot", type=int, default=1000)
    p.add_argument("--write", action="store_true", help="write it into assets/models/ID/manifest.json")
    a = p.parse_args()
    from inference.validation import reference_figures

    records = part_records(Path(a.run), a.part)
    rep = validate(a.model, records, a.boot)
    source, split = a.part.split(":")
    ref = {
        "data": f"{source.upper() if source == 'ham10000' else source} {split} split ({rep['n']} photos, "
        f"{rep['lesions']} lesions), never used for fitting; measured like local validation",
        "n": rep["n"],
        "lesions": rep["lesions"],
        "figures": reference_figures(rep),
    }
    print(json.dumps(ref, indent=1))
    if a.write:
        path = ROOT / "assets" / "models" / a.model / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["reference_validation"] = ref
        path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(f"written to {path}; sign the folder again", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
