from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image

from inference.errors import ImageLoadError
from inference.imageio import load_image, sniff_format


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def rgb_image(w=64, h=48) -> Image.Image:
    a = np.zeros((h, w, 3), np.uint8)
    a[..., 0] = np.linspace(0, 255, w, dtype=np.uint8)[None]
    a[..., 1] = 128
    a[: h // 2, : w // 2, 2] = 255  # a marker in the top-left quadrant
    return Image.fromarray(a)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "BMP", "WEBP"])
def test_allowlisted_formats_decode_by_content(fmt, tmp_path):
    data = encode(rgb_image(), fmt)
    p = tmp_path / "photo.dat"  # the suffix lies; content decides
    p.write_bytes(data)
    img = load_image(p)
    assert img.rgb.shape == (48, 64, 3) and img.rgb.dtype == np.uint8
    assert img.format == fmt


@pytest.mark.parametrize("mode", ["L", "LA", "RGBA", "P", "CMYK", "I;16", "1"])
def test_modes_become_rgb_uint8(mode):
    base = rgb_image()
    img = base.convert(mode) if mode != "I;16" else Image.fromarray(np.asarray(base.convert("L"), np.uint16) * 257)
    fmt = "JPEG" if mode == "CMYK" else "TIFF" if mode in ("I;16", "LA") else "PNG"
    out = load_image(encode(img, fmt), name="x").rgb
    assert out.shape == (48, 64, 3) and out.dtype == np.uint8
    if mode == "I;16":  # 16-bit scaled down, not clipped to white
        assert 100 < out[..., 0].mean() < 200


def test_alpha_is_composited_on_white():
    a = np.zeros((32, 32, 4), np.uint8)  # fully transparent black
    out = load_image(encode(Image.fromarray(a, "RGBA"), "PNG"), name="a").rgb
    assert (out == 255).all()


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_applied(orientation):
    base = rgb_image(64, 48)
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = load_image(encode(base, "JPEG", exif=exif, quality=95), name="o").rgb
    expected = {1: (48, 64), 2: (48, 64), 3: (48, 64), 4: (48, 64), 5: (64, 48), 6: (64, 48), 7: (64, 48), 8: (64, 48)}[
        orientation
    ]
    assert out.shape[:2] == expected
    # Where does the blue marker go? Transposing the original with Pillow's rule must agree.
    ref = np.asarray(
        Image.fromarray(
            np.asarray(Image.open(io.BytesIO(encode(base, "JPEG", exif=exif, quality=95))).convert("RGB"))
        ).transpose(_PIL_OPS[orientation])
        if orientation > 1
        else base
    )
    assert np.abs(out.astype(int) - np.asarray(ref).astype(int)).mean() < 6


_PIL_OPS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def test_decompression_bomb_refused_before_decoding():
    # A PNG header claiming 100,000 x 100,000 pixels with almost no data.
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")
    with pytest.raises(ImageLoadError, match="safety limit"):
        load_image(png, name="bomb.png")


def test_huge_photo_is_downscaled(tmp_path):
    big = Image.new("RGB", (12000, 9000), (180, 120, 100))
    p = tmp_path / "big.jpg"
    big.save(p, quality=70)
    img = load_image(p)
    assert max(img.rgb.shape[:2]) <= 4096 and img.original_size == (12000, 9000)
    assert any("downscaled" in w for w in img.warnings) or max(img.rgb.shape[:2]) <= 4096


@pytest.mark.parametrize(
    "data,match",
    [
        (b"", "empty"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "damaged"),
        (os.urandom(2048), "not a picture"),
        (b"GIF89a" + b"\x00" * 50, "GIF"),
    ],
)
def test_bad_bytes_give_clear_messages(data, match, tmp_path):
    p = tmp_path / "bad.jpg"
    p.write_bytes(data)
    with pytest.raises(ImageLoadError, match=match):
        load_image(p)


def test_missing_folder_and_unicode_paths(tmp_path):
    with pytest.raises(ImageLoadError, match="not found"):
        load_image(tmp_path / "nope.jpg")
    d = tmp_path / "x.jpg"
    d.mkdir()
    with pytest.raises(ImageLoadError, match="folder"):
        load_image(d)
    u = tmp_path / "pàtiënt_Ωmega_皮肤.png"
    u.write_bytes(encode(rgb_image(), "PNG"))
    assert load_image(u).rgb.shape == (48, 64, 3)


def test_truncated_jpeg_is_refused(fullres_images):
    data = fullres_images[0].read_bytes()
    with pytest.raises(ImageLoadError, match="damaged"):
        load_image(data[: len(data) // 3], name="cut.jpg")


def test_real_photo_loads(fullres_images):
    img = load_image(fullres_images[0])
    assert img.rgb.shape == (450, 600, 3) and img.format == "JPEG"


def test_sniff_heif_brand():
    assert sniff_format(b"\x00\x00\x00\x18ftypheic\x00\x00") == "HEIF"
    assert sniff_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "WEBP"


def test_heic_photo_from_a_phone_loads(fullres_images, tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")  # the encoder, only to write the test photo
    from PIL import Image

    from inference.imageio import HEIF_AVAILABLE

    assert HEIF_AVAILABLE
    with Image.open(fullres_images[0]) as src:
        ref = np.asarray(src.convert("RGB")).astype(np.float32)
        path = tmp_path / "IMG_0001.HEIC"
        pillow_heif.from_pillow(src).save(str(path), quality=90)
    img = load_image(path)
    assert img.format == "HEIF" and img.rgb.shape == ref.shape
    assert np.abs(img.rgb.astype(np.float32) - ref).mean() < 3  # lossy, but the same picture


def test_jpeg_with_thousands_of_scans_is_refused_quickly():
    """Issue 15: a progressive JPEG with 10,000 scans (341 KB) took 29 s to decode."""
    import time

    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    Image.fromarray((rng.random((64, 64, 3)) * 255).astype(np.uint8)).save(buf, "JPEG", progressive=True)
    data = buf.getvalue()
    last_sos = data.rfind(b"\xff\xda")
    scan = data[last_sos:-2]  # the last scan, without EOI
    bomb = data[:-2] + scan * 10_000 + b"\xff\xd9"
    t = time.perf_counter()
    with pytest.raises(ImageLoadError, match="scans"):
        load_image(bomb, "many-scans.jpg")
    assert time.perf_counter() - t < 2
    assert load_image(data, "normal.jpg").rgb.shape == (64, 64, 3)
