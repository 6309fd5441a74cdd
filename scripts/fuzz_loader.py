"""Longer fuzz run of the image loader: mutate real JPEG / PNG / TIFF / WebP / BMP / HEIC bytes (flips,
truncations, insertions, header edits) and check that load_image only ever returns a valid RGB
image or raises ImageLoadError. Prints how many inputs were tried and what failed.

    .venv/bin/python scripts/fuzz_loader.py --n 20000 --seconds 600
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seeds() -> list[bytes]:
    from PIL import Image

    from tests.hostile import lesion_like

    base = Image.fromarray(lesion_like(96, 72))
    out = []
    for fmt, kw in (("JPEG", {"quality": 85}), ("PNG", {}), ("TIFF", {}), ("WEBP", {}), ("BMP", {})):
        b = io.BytesIO()
        base.save(b, fmt, **kw)
        out.append(b.getvalue())
    try:  # HEIC, as phones write it (pillow-heif encodes; the app decodes with pi-heif)
        import pillow_heif

        b = io.BytesIO()
        pillow_heif.from_pillow(base).save(b, quality=80)
        out.append(b.getvalue())
    except ImportError:
        pass
    return out


def mutate(data: bytes, rng: random.Random) -> bytes:
    d = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.4 and d:
            for _ in range(rng.randint(1, 16)):
                d[rng.randrange(len(d))] = rng.randrange(256)
        elif op < 0.6:
            d = d[: rng.randrange(1, len(d) + 1)]
        elif op < 0.8:
            pos = rng.randrange(len(d) + 1)
            d[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif len(d) > 32:  # edit the header, where sizes live
            pos = rng.randrange(4, 32)
            d[pos] = rng.choice((0, 0xFF, 0x7F, rng.randrange(256)))
    return bytes(d)


def main() -> int:
    from inference.errors import ImageLoadError
    from inference.imageio import load_image

    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=20000)
    p.add_argument("--seconds", type=float, default=600)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = random.Random(a.seed)
    pool = seeds()
    tried = decoded = refused = 0
    failures = []
    t0 = time.perf_counter()
    while tried < a.n and time.perf_counter() - t0 < a.seconds:
        data = mutate(rng.choice(pool), rng)
        tried += 1
        t = time.perf_counter()
        try:
            img = load_image(data, name="fuzz")
            assert img.rgb.dtype.name == "uint8" and img.rgb.ndim == 3 and img.rgb.shape[2] == 3
            decoded += 1
        except ImageLoadError:
            refused += 1
        except Exception:
            failures.append(traceback.format_exc(limit=2))
        if time.perf_counter() - t > 10:
            failures.append(f"slow input ({time.perf_counter() - t:.1f} s)")
    print(
        f"{tried} inputs tried in {time.perf_counter() - t0:.0f} s: {decoded} decoded, {refused} refused "
        f"with a message, {len(failures)} failures"
    )
    for f in failures[:10]:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
