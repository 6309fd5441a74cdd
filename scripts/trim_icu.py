"""Shrink the ICU data library that Qt brings (libicudata.so.NN, 32 MB) to what an English UI
needs (5 MB): root and English locale data, root collation, normalisation, break rules, property
and time-zone tables, the single-byte code pages. Dropped: other languages' locale, collation,
currency, unit, zone and language-name data, dictionary-based word breaking (CJK, Thai, ...),
transliteration and the multi-byte East Asian code pages (Qt does UTF-8/16/32 and Latin-1 itself).
Lookups of what is gone fall back to ICU's root data, as for any locale ICU does not know.

Used by build.spec on Linux; needs binutils (as, ld). Standalone:
    python scripts/trim_icu.py IN.so OUT.so
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ENGLISH = re.compile(r"^(root|en|en_[A-Za-z0-9_]+)\.res$")
# A locale's bundle (de.res, zh_Hant_TW.res, de__PHONEBOOK.res). It also matches res_index.res,
# each folder's list of installed locales: dropped too, since it would list the locales that go.
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9_]*)?\.res$")
DROP_DIRS = {"translit"}
SMALL_CODE_PAGE = 20_000  # bytes: single-byte code pages (Windows-125x, ISO-8859-x, ...) stay


def keep(item: str, size: int = 0) -> bool:
    """item: 'icudt73l/coll/de.res' -> whether the trimmed data keeps it."""
    parts = item.split("/")[1:]
    name = parts[-1]
    if name.endswith(".cnv"):
        return size < SMALL_CODE_PAGE
    if name.endswith(".dict") or (len(parts) > 1 and parts[0] in DROP_DIRS):
        return False
    if LOCALE_NAME.match(name):
        return ENGLISH.match(name) is not None
    return True


def elf_symbol(data: bytes, wanted: str) -> tuple[int, int]:
    """File offset and size of a dynamic symbol in a little-endian ELF64 shared library."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian ELF64 file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    dynsym = next(s for s in sections if s[1] == 11)  # SHT_DYNSYM
    strtab = sections[dynsym[6]]
    for off in range(dynsym[4], dynsym[4] + dynsym[5], 24):
        st_name, _, _, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", data, off)
        start = strtab[4] + st_name
        if data[start : data.index(b"\0", start)].decode() == wanted:
            sec = sections[st_shndx]
            return sec[4] + (st_value - sec[3]), st_size
    raise KeyError(wanted)


def trim_package(pkg: bytes) -> tuple[bytes, int, int]:
    """Rewrite an ICU common-data (ToC) package keeping only the items keep() accepts."""
    hdr = struct.unpack_from("<H", pkg, 0)[0]
    if pkg[2:4] != b"\xda\x27" or pkg[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count = struct.unpack_from("<I", pkg, hdr)[0]
    entries = [struct.unpack_from("<II", pkg, hdr + 4 + 8 * i) for i in range(count)]
    ends = [hdr + d for _, d in entries[1:]] + [len(pkg)]
    items = []
    for (name_off, data_off), end in zip(entries, ends, strict=True):
        start = hdr + name_off
        name = pkg[start : pkg.index(b"\0", start)].decode("ascii")
        if keep(name, end - hdr - data_off):
            items.append((name, pkg[hdr + data_off : end]))
    names = b"".join(n.encode("ascii") + b"\0" for n, _ in items)
    toc_len = 4 + 8 * len(items)
    name_offsets, pos = [], toc_len
    for n, _ in items:
        name_offsets.append(pos)
        pos += len(n) + 1
    pos = (pos + 15) & ~15
    body, data_offsets = bytearray(), []
    for _, blob in items:
        data_offsets.append(pos + len(body))
        body += blob + b"\0" * ((-len(blob)) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", a, b) for a, b in zip(name_offsets, data_offsets, strict=True)
    )
    toc += names
    toc += b"\0" * (((toc_len + len(names) + 15) & ~15) - len(toc))
    return pkg[:hdr] + toc + bytes(body), count, len(items)


def trim_library(src: Path, dst: Path) -> tuple[int, int]:
    """Write a trimmed copy of libicudata.so.NN; returns (items before, items after)."""
    data = src.read_bytes()
    version = re.search(r"libicudata\.so\.(\d+)", src.name)
    if not version:
        raise ValueError(f"{src.name} is not libicudata.so.NN")
    symbol = f"icudt{version.group(1)}_dat"
    off, size = elf_symbol(data, symbol)
    pkg, before, after = trim_package(data[off : off + size])
    if not (shutil.which("as") and shutil.which("ld")):
        raise FileNotFoundError("as and ld (binutils) are needed to rebuild the ICU data library")
    with tempfile.TemporaryDirectory() as tmp:
        blob = Path(tmp) / "icudata.bin"
        blob.write_bytes(pkg)
        asm = Path(tmp) / "icudata.s"
        asm.write_text(
            f".section .rodata\n.balign 16\n.globl {symbol}\n.type {symbol}, @object\n"
            f'.size {symbol}, {len(pkg)}\n{symbol}:\n.incbin "{blob}"\n'
            '.section .note.GNU-stack,"",@progbits\n'
        )
        obj, out = Path(tmp) / "icudata.o", Path(tmp) / src.name
        subprocess.run(["as", "-o", str(obj), str(asm)], check=True)
        subprocess.run(["ld", "-shared", "-soname", src.name, "-o", str(out), str(obj)], check=True)
        shutil.copyfile(out, dst)
    new = dst.read_bytes()
    noff, nsize = elf_symbol(new, symbol)
    if new[noff : noff + nsize][: len(pkg)] != pkg:
        raise RuntimeError("rebuilt ICU data library does not hold the trimmed package")
    return before, after


if __name__ == "__main__":
    b, a = trim_library(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{b} ICU data items -> {a}; {Path(sys.argv[2]).stat().st_size / 1e6:.1f} MB")
