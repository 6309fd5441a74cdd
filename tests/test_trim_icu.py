"""The installer's ICU trim (scripts/trim_icu.py): the rebuilt library holds a valid, smaller ICU
package, and Qt loaded against it still sorts, formats, knows time zones and Western code pages."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import trim_icu  # noqa: E402


def _icu_library() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*[0-9]"))
    if not found:
        pytest.skip("this PySide6 has no bundled ICU (Windows / macOS use the system's)")
    return max(found, key=lambda p: p.stat().st_size)


def _items(pkg: bytes) -> list[str]:
    hdr = struct.unpack_from("<H", pkg, 0)[0]
    count = struct.unpack_from("<I", pkg, hdr)[0]
    names = []
    for i in range(count):
        off = hdr + struct.unpack_from("<I", pkg, hdr + 4 + 8 * i)[0]
        names.append(pkg[off : pkg.index(b"\0", off)].decode())
    return names


def test_keep_rule():
    assert trim_icu.keep("icudt73l/en_GB.res") and trim_icu.keep("icudt73l/root.res")
    assert trim_icu.keep("icudt73l/coll/root.res") and trim_icu.keep("icudt73l/coll/ucadata.icu")
    assert trim_icu.keep("icudt73l/zoneinfo64.res") and trim_icu.keep("icudt73l/nfkc.nrm")
    assert trim_icu.keep("icudt73l/brkitr/line.brk") and trim_icu.keep("icudt73l/pool.res")
    assert not trim_icu.keep("icudt73l/de.res") and not trim_icu.keep("icudt73l/coll/zh_Hant.res")
    assert not trim_icu.keep("icudt73l/brkitr/cjdict.dict") and not trim_icu.keep("icudt73l/translit/root.res")
    assert trim_icu.keep("icudt73l/ibm-5348_P100-1997.cnv", 2_000)  # windows-1252
    assert not trim_icu.keep("icudt73l/gb18030.cnv", 232_816)


@pytest.mark.slow
def test_trimmed_library_is_valid_and_qt_still_works(tmp_path):
    if not (shutil.which("as") and shutil.which("ld")):
        pytest.skip("binutils (as, ld) not installed")
    src = _icu_library()
    dst = tmp_path / src.name
    before, after = trim_icu.trim_library(src, dst)
    assert 0 < after < before
    assert dst.stat().st_size < src.stat().st_size / 4
    data = dst.read_bytes()
    off, size = trim_icu.elf_symbol(data, f"icudt{src.name.rsplit('.', 1)[-1]}_dat")
    names = _items(data[off : off + size])
    assert len(names) == after and names == sorted(names)  # ICU finds items by binary search
    assert any(n.endswith("/en.res") for n in names) and not any(n.endswith("/fr.res") for n in names)
    if shutil.which("icupkg"):  # ICU's own tool reads it back when installed
        pkg = tmp_path / f"{names[0].split('/')[0]}.dat"
        pkg.write_bytes(data[off : off + size])
        out = subprocess.run(["icupkg", "-l", str(pkg)], capture_output=True, text=True)
        assert len(out.stdout.split()) == after
        # It exits 2 when an item refers to a missing one: only the dropped word-break dictionaries
        # and East Asian code pages may be missing (ICU then breaks those scripts without a
        # dictionary, and reports those code pages as unknown).
        missing = {line.rsplit(" ", 1)[-1] for line in out.stderr.splitlines() if "depends on missing" in line}
        assert all(m.endswith((".dict", ".cnv")) for m in missing), missing
        assert out.returncode in (0, 2)
        assert all("depends on missing" in line for line in out.stderr.splitlines()), out.stderr[-2000:]

    probe = (
        "from PySide6.QtCore import QCollator, QLocale, QTimeZone, QStringDecoder, QDateTime\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "c = QCollator(QLocale('en_US'))\n"
        "print(sorted(['b', 'A', 'a', 'écho', 'Zebra'], key=c.sortKey))\n"
        "print(QTimeZone(b'Europe/Vienna').isValid(), QStringDecoder('windows-1252').isValid(),"
        " QStringDecoder('Shift_JIS').isValid())\n"
        "label = QLabel('Lésion – naevus 日本'); label.adjustSize(); print(label.width() > 0)\n"
    )
    env = {**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.split("\n")
    assert lines[0] == "['a', 'A', 'b', 'écho', 'Zebra']"
    # Shift_JIS False shows the trimmed library was the one loaded (the full one has it).
    assert lines[1] == "True True False" and lines[2] == "True"
