"""Generate the hostile-input corpus (issue: installer, benchmarks, hostile inputs)."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _png_chunk(b"IEND", b"")
    )


def with_scope_rim(rgb):
    """A photo as another dermatoscope shows it: a dark circle around the lit field (as
    training.engine.ScopeCircle draws it, centred, radius half the short side)."""
    h, w = rgb.shape[:2]
    yy, xx = np.mgrid[:h, :w]
    fade = np.clip((np.hypot(yy - h / 2, xx - w / 2) - 0.5 * min(h, w)) / (0.04 * min(h, w)), 0, 1)[..., None]
    return (rgb * (1 - 0.92 * fade)).round().astype(np.uint8)


def lesion_like(w=600, h=450, seed=0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot((xx - w / 2) / (w / 4), (yy - h / 2) / (h / 4))
    img = np.stack([220 - 90 * (r < 1), 170 - 100 * (r < 1), 150 - 90 * (r < 1)], -1).astype(float)
    return np.clip(img + rng.normal(0, 6, img.shape), 0, 255).astype(np.uint8)


def build(folder: Path, real_photo: Path | None = None, big: bool = True) -> dict[str, str]:
    """Write the corpus; returns name -> expectation ('ok' or 'error')."""
    folder.mkdir(parents=True, exist_ok=True)
    exp: dict[str, str] = {}
    base = Image.fromarray(lesion_like())
    jpg = io.BytesIO()
    base.save(jpg, "JPEG", quality=90)
    png = io.BytesIO()
    base.save(png, "PNG")

    def put(name, data, expect):
        (folder / name).write_bytes(data)
        exp[name] = expect

    put("good.jpg", jpg.getvalue(), "ok")
    if real_photo is not None:
        put("real.jpg", real_photo.read_bytes(), "ok")
    put("truncated.jpg", jpg.getvalue()[: len(jpg.getvalue()) // 2], "error")
    put("truncated.png", png.getvalue()[: len(png.getvalue()) // 2], "error")
    put("zero.jpg", b"", "error")
    put("zero.png", b"", "error")
    put("random.jpg", os.urandom(50_000), "error")
    put("bomb.png", bomb_png(), "error")
    a16 = np.asarray(base.convert("L"), np.uint16) * 257
    b = io.BytesIO()
    Image.fromarray(a16).save(b, "PNG")
    put("sixteen_bit.png", b.getvalue(), "ok")
    for mode, fmt, name in (
        ("CMYK", "JPEG", "cmyk.jpg"),
        ("L", "PNG", "gray.png"),
        ("RGBA", "PNG", "alpha.png"),
        ("P", "PNG", "palette.png"),
    ):
        b = io.BytesIO()
        base.convert(mode).save(b, fmt)
        put(name, b.getvalue(), "ok")
    b = io.BytesIO()
    frames = [base.convert("P"), base.rotate(90).convert("P")]
    frames[0].save(b, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    put("animated.gif", b.getvalue(), "error")
    b = io.BytesIO()
    base.save(b, "TIFF", save_all=True, append_images=[base.rotate(90)])
    put("multipage.tif", b.getvalue(), "ok")
    for o in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = o
        b = io.BytesIO()
        base.save(b, "JPEG", exif=exif, quality=85)
        put(f"orientation_{o}.jpg", b.getvalue(), "ok")
    if big:
        b = io.BytesIO()
        Image.fromarray(lesion_like(1200, 900)).resize((12000, 9000)).save(b, "JPEG", quality=60)
        put("huge_12000x9000.jpg", b.getvalue(), "ok")
    put("pàtiënt_Ωmega_皮肤_ñ.jpg", jpg.getvalue(), "ok")
    put("L" * 200 + ".jpg", jpg.getvalue(), "ok")
    (folder / "folder.jpg").mkdir(exist_ok=True)  # a directory named like a photo
    exp["folder.jpg"] = "skip"  # walked as a folder (empty), not an image
    loop_a, loop_b = folder / "loop_a.jpg", folder / "loop_b.jpg"
    for link, target in ((loop_a, loop_b), (loop_b, loop_a)):
        if not link.is_symlink():
            link.symlink_to(target.name)
    exp["loop_a.jpg"] = exp["loop_b.jpg"] = "error"
    fifo = folder / "pipe.jpg"
    if not fifo.exists():
        os.mkfifo(fifo)
    exp["pipe.jpg"] = "error"
    locked = folder / "unreadable.jpg"
    locked.write_bytes(jpg.getvalue())
    locked.chmod(0)
    exp["unreadable.jpg"] = "ok" if os.geteuid() == 0 else "error"  # root reads anything
    return exp
