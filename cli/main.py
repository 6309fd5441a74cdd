"""dermatriage-cli: batch work without the app.

    dermatriage-cli models
    dermatriage-cli predict PATH... [--model ID|ensemble] [--format isic-csv|json] [--output FILE]
                                    [--heatmaps DIR] [--device auto|cpu|gpu] [--save]
    dermatriage-cli export --format bundle|pdf|isic-csv|dicom --output DIR [--case ID...]
    dermatriage-cli import BUNDLE...
    dermatriage-cli validate PATH... --truth CSV | --from-store [--model ID|ensemble] [--format json|text|pdf]
    dermatriage-cli adapt PATH... [--truth CSV] | --from-store | --show | --off   (fit to this clinic)

Exit status: 0 all succeeded, 2 some inputs failed, 1 usage error, 3 an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from cli.progress import progress
from inference.classes import CLASS_KEYS, ISIC_COLUMNS
from inference.errors import DermaTriageError, UsageError
from inference.imageio import IMAGE_SUFFIXES, collect_inputs  # noqa: F401 - re-exported
from inference.textsafe import spreadsheet_safe


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2; our 2 means "some inputs failed"
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(1)


def isic_row(stem: str, probs) -> str:
    """One ISIC 2018 Task 3 row; 6 decimals whose decimal sum is exactly 1."""
    vals = {k: float(p) for k, p in zip(CLASS_KEYS, probs, strict=True)}
    micro = {k: round(vals[k] * 1_000_000) for k in CLASS_KEYS}
    biggest = max(micro, key=micro.get)
    micro[biggest] += 1_000_000 - sum(micro.values())
    cells = [f"{micro[c.lower()] / 1_000_000:.6f}" for c in ISIC_COLUMNS]
    return ",".join([_csv_cell(stem)] + cells)


def _csv_cell(s: str) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading = + - @ (or tab / CR) would make it
    a formula, so it gets a leading apostrophe (the OWASP advice)."""
    s = spreadsheet_safe(s)
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n\r') else s


def cmd_models(args) -> int:
    from inference.registry import check_all, default_model_id

    if args.action != "list":
        from inference import install

        if not args.target:
            raise UsageError(f"models {args.action} needs a {'package' if args.action == 'install' else 'model id'}")
        try:
            if args.action == "install":
                if getattr(args, "allow_downgrade", False):
                    print("warning: installing over a newer version of this model (--allow-downgrade)", file=sys.stderr)
                e = install.install(args.target, replace=args.replace, allow_downgrade=args.allow_downgrade)
                print(f"installed {e.id} into {e.folder} (signed by a trusted key, every file checked)")
            else:
                print(f"removed {install.remove(args.target)}")
        except DermaTriageError as err:
            print(f"refused: {err}", file=sys.stderr)
            return 2
        return 0

    results = check_all()
    default = default_model_id()
    if not results:
        print("No models installed.", file=sys.stderr)
        return 2
    print(f"{'id':44} {'architecture':20} {'input':>5} {'bal.acc':>7} {'mal.AUC':>7}  integrity")
    bad = 0
    for entry, problem in results:
        if entry is None:
            print(f"{'?':44} {problem}")
            bad += 1
            continue
        m = entry.manifest
        t = m.metrics.get("test", {})
        status = "ok" if problem is None else "REFUSED: " + problem
        bad += problem is not None
        mark = "*" if m.id == default else " "
        print(
            f"{m.id + mark:44} {m.architecture:20} {m.preprocess.input_size:>5} "
            f"{t.get('balanced_accuracy', float('nan')):7.3f} {t.get('malignant_auc', float('nan')):7.3f}  {status}"
        )
    print("* default model; metrics on the lesion-grouped test split", file=sys.stderr)
    return 2 if bad else 0


def cmd_predict(args) -> int:
    from inference.adjust import detect_fov
    from inference.analysis import Analyzer, Settings
    from inference.imageio import load_image

    if args.output:
        out_dir = Path(args.output).resolve().parent
        if not out_dir.is_dir() or not os.access(out_dir, os.W_OK):
            raise UsageError(f"--output: the folder {out_dir} does not exist or cannot be written.")
    files, failures = collect_inputs(args.paths)
    try:
        analyzer = Analyzer.load(args.model, args.device, args.threads)
    except DermaTriageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for note in analyzer.notes:
        print(f"note: {note}", file=sys.stderr)
    store = None
    if args.save:
        from cases.store import CaseStore, StoreError

        try:
            store = CaseStore.open_default()
        except StoreError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    heat_dir = Path(args.heatmaps) if args.heatmaps else None
    if heat_dir:
        heat_dir.mkdir(parents=True, exist_ok=True)
    records, rows = [], []
    t_all = time.perf_counter()
    for i, f in enumerate(files, 1):
        progress(i - 1, len(files), f.name)
        t = time.perf_counter()
        try:
            img = load_image(f)
            t_dec = time.perf_counter() - t
            a = analyzer.analyze(img.rgb, Settings(crop_box=detect_fov(img.rgb) if args.crop_fov else None))
        except DermaTriageError as e:
            failures.append((str(f), str(e)))
            continue
        except MemoryError:
            failures.append((str(f), f"'{f.name}' is too large to process on this computer."))
            continue
        rec = {
            "image": f.stem,
            "path": str(f),
            **a.to_dict(),
            "decode_seconds": t_dec,
            "warnings": list(img.warnings) + a.to_dict()["warnings"],
        }
        if heat_dir:
            rec["heatmap"] = str(_write_heatmap(heat_dir, f, img.rgb, a))
        if store is not None:
            try:
                rec["case_id"] = store.save_analysis_from_file(f, img, a)
            except StoreError as e:
                rec["case_id"] = None
                failures.append((str(f), f"analysed but not saved: {e}"))
        records.append(rec)
        rows.append(isic_row(f.stem, a.probabilities))
    progress(len(files), len(files), "")
    for path, msg in failures:
        print(f"failed: {path}: {msg}", file=sys.stderr)
    if args.format == "isic-csv":
        text = "image," + ",".join(ISIC_COLUMNS) + "\n" + "".join(r + "\n" for r in rows)
    else:
        text = (
            json.dumps(
                {
                    "results": records,
                    "failures": [{"path": p, "error": m} for p, m in failures],
                    "summary": {
                        "analysed": len(records),
                        "failed": len(failures),
                        "seconds": time.perf_counter() - t_all,
                    },
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    if args.output:
        from cases.files import atomic_write

        try:
            atomic_write(Path(args.output), text.encode("utf-8"))  # never a half-written file
        except OSError as e:
            print(f"error: the results could not be written to {args.output} ({e.strerror or e})", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    print(f"{len(records)} analysed, {len(failures)} failed", file=sys.stderr)
    return 2 if failures else 0


def _write_heatmap(folder: Path, f: Path, rgb, analysis) -> Path:
    from inference.adjust import apply_gamma, crop
    from inference.cam import overlay
    from inference.imaging import encode_png

    shown = apply_gamma(crop(rgb, analysis.settings.crop_box), analysis.settings.gamma)
    out = folder / f"{f.stem}_heatmap.png"
    out.write_bytes(encode_png(overlay(shown, analysis.heatmap())))
    return out


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dermatriage-cli", description="DermaTriage batch tools (triage support, not a diagnosis)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    mo = sub.add_parser("models", help="list models and check them; install or remove signed updates")
    mo.add_argument("action", nargs="?", default="list", choices=["list", "install", "remove"])
    mo.add_argument("target", nargs="?", help="install: a model folder or .zip; remove: a model id")
    mo.add_argument("--replace", action="store_true", help="install over an installed model of the same id")
    mo.add_argument("--allow-downgrade", action="store_true", help="with --replace: accept an older version")
    pr = sub.add_parser("predict", help="analyse images or folders")
    pr.add_argument("paths", nargs="+")
    pr.add_argument("--model", default=None, help="model id, or 'ensemble' (default: the default model)")
    pr.add_argument("--format", default="json", choices=["isic-csv", "json"])
    pr.add_argument("--output")
    pr.add_argument("--heatmaps", help="folder for heatmap overlays (PNG)")
    pr.add_argument("--device", default="auto", choices=["auto", "cpu", "gpu"])
    pr.add_argument("--threads", type=int, default=None)
    pr.add_argument("--save", action="store_true", help="store each analysed image as a case")
    pr.add_argument(
        "--crop-fov",
        action="store_true",
        help="crop each photo to the dermatoscope's lit circle when one is found (a dark rim in the picture)",
    )
    from cli.adapt import add_adapt_command
    from cli.cases import add_case_commands
    from cli.exchange import add_exchange_commands
    from cli.validation import add_validate_command

    add_case_commands(sub)
    add_validate_command(sub)
    add_adapt_command(sub)
    add_exchange_commands(sub)
    return p


INTERNAL_ERROR = 3  # 1 stays "usage error"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "models":
            return cmd_models(args)
        if args.command == "predict":
            return cmd_predict(args)
        return args.func(args)
    except UsageError as e:
        print(f"dermatriage-cli: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001 - last resort: say what broke, exit with its own code
        import traceback

        traceback.print_exc()
        print(f"dermatriage-cli: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return INTERNAL_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
