"""Decode whatever image a clinic throws at us into RGB uint8, or say clearly why not.

Format is detected from the content, never the file name. EXIF orientation is applied first, so
phone photos come in upright; the returned pixels carry no EXIF/GPS metadata at all.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from inference.errors import ImageLoadError
from inference.imaging import fit_within

MAX_FILE_BYTES = 200 * 1024 * 1024
# Header pixel limit: refuses decompression bombs before any pixel is decoded.
# What a folder walk picks up as photos (the CLI and the app).
IMAGE_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".jpe",
    ".jfif",
    ".png",
    ".tif",
    ".tiff",
    ".bmp",
    ".webp",
    ".heic",
    ".heif",
    ".gif",
}  # GIFs are walked so that they get a clear refusal

MAX_PIXELS = 200_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Long side kept after decoding; bigger photos are downscaled (the network sees 224 px; a screen
# shows at most about 1,600). A 12-megapixel phone JPEG is decoded at half scale by the JPEG decoder
# itself (DCT scaling), which is what keeps its whole analysis well under a second (issue 31.8).
MAX_SIDE = 2048
MAX_JPEG_SCANS = 200

_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
SUPPORTED = ("JPEG", "PNG", "TIFF", "BMP", "WEBP", "HEIF")

try:  # HEIC from phones. pi-heif is libheif's decoder only (pillow-heif adds a 22 MB HEVC encoder)
    import pi_heif

    pi_heif.register_heif_opener()
    HEIF_AVAILABLE = True
except Exception:  # pragma: no cover - depends on the platform wheel
    HEIF_AVAILABLE = False


@dataclass(frozen=True)
class LoadedImage:
    rgb: np.ndarray  # HxWx3 uint8, upright
    format: str
    original_size: tuple[int, int]  # (width, height) as stored, before orientation/downscale
    name: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


def sniff_format(head: bytes) -> str | None:
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def read_bytes(path: str | Path) -> bytes:
    """Read a file with messages for every way it can fail."""
    p = Path(path)
    name = p.name
    try:
        if p.is_dir():
            raise ImageLoadError(f"'{name}' is a folder, not an image file.")
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
            raise ImageLoadError(f"'{name}' is not a regular file (a pipe or device), so it is not opened.")
        size = st.st_size
    except ImageLoadError:
        raise
    except FileNotFoundError:
        raise ImageLoadError(f"'{name}' was not found. It may have been moved or deleted.") from None
    except OSError as e:
        raise ImageLoadError(_os_message(name, e)) from None
    if size == 0:
        raise ImageLoadError(f"'{name}' is empty (0 bytes). Copy the photo again from the camera.")
    if size > MAX_FILE_BYTES:
        raise ImageLoadError(
            f"'{name}' is {size / 2**20:.0f} MB, larger than the {MAX_FILE_BYTES // 2**20} MB "
            "limit. Export a smaller JPEG or PNG."
        )
    try:
        with open(p, "rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise ImageLoadError(_os_message(name, e)) from None


def _os_message(name: str, e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return f"'{name}' is a link that points to itself (a link loop) and cannot be opened."
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"'{name}' cannot be read: permission denied. Ask for access or copy the file."
    if e.errno == errno.ENAMETOOLONG:
        return f"The file name '{name[:40]}...' is too long for this system."
    return f"'{name}' cannot be read ({os.strerror(e.errno) if e.errno else e})."


def load_image(source: str | Path | bytes, name: str | None = None) -> LoadedImage:
    """Decode a path or bytes into an upright RGB uint8 image."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = name or "image"
        if not data:
            raise ImageLoadError(f"'{name}' is empty (0 bytes).")
    else:
        name = name or Path(source).name
        data = read_bytes(source)
    return decode_bytes(data, name)


def decode_bytes(data: bytes, name: str) -> LoadedImage:
    fmt = sniff_format(data[:32])
    if fmt is None:
        raise ImageLoadError(
            f"'{name}' is not a picture DermaTriage can read. Supported: JPEG, PNG, TIFF, BMP, "
            "WebP" + (", HEIC" if HEIF_AVAILABLE else "") + "."
        )
    scans = data.count(b"\xff\xda") if fmt == "JPEG" else 0
    if scans > MAX_JPEG_SCANS:
        # Each progressive scan is decoded over the whole picture: 10,000 scans in 341 KB took
        # 29 s. Entropy-coded data stuffs every 0xFF, so the start-of-scan marker is a real count.
        raise ImageLoadError(
            f"'{name}' is a JPEG with {scans:,} scans (cameras write at most a few "
            "dozen); it would take too long to open. Save it again as a normal JPEG or PNG."
        )
    if fmt == "GIF":
        raise ImageLoadError(
            f"'{name}' is a GIF (256 colours, often animated): too poor for skin assessment. "
            "Use the original JPEG or PNG photo."
        )
    if fmt == "HEIF" and not HEIF_AVAILABLE:
        raise ImageLoadError(f"'{name}' is a HEIC photo; this installation cannot read HEIC.")
    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            width, height = img.size
            if width * height > MAX_PIXELS or width <= 0 or height <= 0:
                raise ImageLoadError(
                    f"'{name}' claims {width} x {height} pixels, over the safety limit of "
                    f"{MAX_PIXELS // 1_000_000} megapixels. Resize it before importing."
                )
            if getattr(img, "n_frames", 1) > 1:
                notes.append(f"'{name}' holds {img.n_frames} pages or frames; only the first is used.")
            if img.format == "JPEG" and max(width, height) > MAX_SIDE:
                # Decode at a reduced scale (1/2 .. 1/8, never below MAX_SIDE * 3/4 on the long
                # side): fast, and bounded memory for 100-megapixel photos.
                k = jpeg_scale(max(width, height))
                img.draft("RGB", (max(1, width // k), max(1, height // k)))
            img.load()
            img = ImageOps.exif_transpose(img)
            rgb = to_rgb_array(img)
    except ImageLoadError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError, MemoryError):
        raise ImageLoadError(
            f"'{name}' has more pixels than the safety limit of {MAX_PIXELS // 1_000_000} "
            "megapixels, or is too large to open safely. Resize it before importing."
        ) from None
    except Exception as e:  # decoders raise KeyError, TypeError, struct.error... on damaged files
        raise ImageLoadError(
            f"'{name}' is damaged or incomplete and cannot be opened ({type(e).__name__}). "
            "Copy it again from the camera or phone."
        ) from None
    if max(rgb.shape[:2]) > MAX_SIDE:
        rgb = fit_within(rgb, MAX_SIDE)[0]
    if max(rgb.shape[:2]) < max(width, height):
        notes.append(
            f"Large photo ({width} x {height}) downscaled to {max(rgb.shape[:2])} pixels on its long side "
            "for analysis and saving."
        )
    if min(rgb.shape[:2]) < 16:
        raise ImageLoadError(f"'{name}' is only {rgb.shape[1]} x {rgb.shape[0]} pixels: too small.")
    return LoadedImage(rgb, fmt, (width, height), name, tuple(notes))


def jpeg_scale(long_side: int) -> int:
    """The largest JPEG reduction (1, 2, 4 or 8) that keeps the long side at MAX_SIDE * 3/4 or more."""
    for k in (8, 4, 2):
        if long_side / k >= MAX_SIDE * 3 // 4:
            return k
    return 1


def to_rgb_array(img: Image.Image) -> np.ndarray:
    """Any Pillow mode -> RGB uint8. 16-bit and float data are scaled, not clipped."""
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(img, dtype=np.float64)
        peak = 65535.0 if arr.max(initial=0) > 255 or mode.startswith("I;16") else 255.0
        gray = np.clip(arr / peak * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[..., None], 3, axis=2))
    if mode == "F":
        arr = np.asarray(img, dtype=np.float64)
        lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
        scale = 255.0 / (hi - lo) if hi > lo else 0.0
        gray = np.clip((arr - lo) * scale + 0.5, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[..., None], 3, axis=2))
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, img)
    if mode == "RGB;16" or mode.startswith("RGB") and mode not in ("RGB", "RGBA", "RGBX"):
        img = img.convert("RGB")
    rgb = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb)


def thumbnail(path: str | Path, size: int = 96) -> np.ndarray | None:
    """A small RGB preview, or None for anything that would not load: never raises, and never
    decodes a full-size photo (JPEG draft mode; header pixel limit checked first)."""
    try:
        data = read_bytes(path)
        if sniff_format(data[:32]) in (None, "GIF"):
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.size[0] * img.size[1] > MAX_PIXELS:
                return None
            img.draft("RGB", (size * 2, size * 2))
            img = ImageOps.exif_transpose(img)
            img.thumbnail((size, size))
            return to_rgb_array(img)
    except Exception:  # a preview must never take the app down
        return None


def fit_thumbnail(rgb: np.ndarray, size: int = 96) -> np.ndarray:
    """A decoded image shrunk to fit a size x size box (a saved case's photo in the strip)."""
    img = Image.fromarray(np.ascontiguousarray(rgb))
    img.thumbnail((size, size))
    return to_rgb_array(img)


def collect_inputs(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files as given, folders walked (recursively, links not followed). Returns (files, failures)."""
    files, failures, seen = [], [], set()
    for raw in paths:
        try:
            _collect_one(raw, files, failures, seen)
        except OSError as e:  # a name too long, a loop, a permission: this path fails, not the batch
            failures.append((raw[:200], f"'{Path(raw[:200]).name}' cannot be read ({e.strerror or e})."))
    return files, failures


def _collect_one(raw: str, files: list, failures: list, seen: set) -> None:
    p = Path(raw)
    if p.is_dir():
        for root, dirs, names in os.walk(p, followlinks=False):
            dirs.sort()
            for n in sorted(names):
                f = Path(root) / n
                if f.suffix.lower() in IMAGE_SUFFIXES:
                    key = str(f)
                    if key not in seen:
                        seen.add(key)
                        files.append(f)
    elif p.exists() or p.is_symlink():
        files.append(p)
    else:
        failures.append((raw, f"'{p.name}' was not found."))
