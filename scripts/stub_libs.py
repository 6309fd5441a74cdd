"""Replace libraries that the bundle links but never runs with small stubs (Linux installer).

Some libraries are linked for features an offline, camera-only app never reaches:
- Qt Quick and Qml (16 MB with QmlModels, QmlMeta, QmlWorkerScript): Qt Multimedia's FFmpeg
  plugin links them to capture Qt Quick windows. It imports two symbols from Qt Quick
  (QQuickWindow::grabWindow and its staticMetaObject) and none from Qml.
- libsndfile and its codecs (FLAC, Opus, MP3, Vorbis; 3 MB): PulseAudio's client library links
  it to load sound files into the server's sample cache; the app plays and records no sound.
- Kerberos (libgssapi_krb5 and krb5; 1.5 MB): Qt Network links it for Negotiate sign-in to web
  servers; the app makes no network requests.
A stub keeps the real soname and symbol versions and defines exactly the symbols that the rest of
the bundle imports from it: functions that print what happened and exit (never reached, see
above), objects as zero-filled storage of the real size. The libraries that only the real ones
linked are then removed, found from the bundle's NEEDED graph, so nothing that stays loses one.

Used by build.spec on Linux; needs binutils (nm, readelf, as, ld). Standalone:
    python scripts/stub_libs.py BUNDLE_DIR
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

STUBBED = ("libQt6Quick.so.6", "libQt6Qml.so.6", "libsndfile.so.1", "libgssapi_krb5.so.2")
EXIT_CODE = 70


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def needed(path: Path) -> list[str]:
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", _run("readelf", "-d", str(path)))


def versions_needed(path: Path, lib: str) -> set[str]:
    """Symbol versions `path` requires of `lib` (readelf's .gnu.version_r listing)."""
    out, names, current = _run("readelf", "-V", str(path)), set(), None
    for line in out.splitlines():
        if m := re.search(r"File: (\S+)", line):
            current = m.group(1)
        elif current == lib and (m := re.search(r"Name: (\S+)", line)):
            names.add(m.group(1))
    return names


def undefined(path: Path) -> set[str]:
    """Undefined dynamic symbols of `path`, with their versions: {'name@Qt_6', ...}."""
    return {ln.split()[-1] for ln in _run("nm", "-D", "--undefined-only", str(path)).splitlines() if ln.strip()}


def defined(lib: Path) -> dict[str, tuple[str, int]]:
    """{'name@Qt_6': (nm type letter, size)} for the symbols `lib` exports."""
    out = {}
    for ln in _run("nm", "-D", "-S", "--defined-only", str(lib)).splitlines():
        parts = ln.split()
        if len(parts) == 4:  # value size type name
            out[parts[3].replace("@@", "@")] = (parts[2], int(parts[1], 16))
        elif len(parts) == 3:  # value type name (no size: version nodes)
            out[parts[2].replace("@@", "@")] = (parts[1], 0)
    return out


def stub_source(lib: str, symbols: dict[str, tuple[str, int]]) -> str:
    """Assembly for the stub: each function writes a message to stderr and exits."""
    msg = f"DermaTriage: {lib} is a stub in this bundle and was called; exiting.\\n"
    lines = [
        ".text",
        "_stub_called:",
        "  mov $1, %eax",
        "  mov $2, %edi",
        "  lea _msg(%rip), %rsi",
        "  mov $_msg_len, %edx",
        "  syscall",
        "  mov $231, %eax",
        f"  mov ${EXIT_CODE}, %edi",
        "  syscall",
        "  ud2",
    ]
    data = [".section .rodata", f'_msg: .ascii "{msg}"', "_msg_len = . - _msg", ".bss"]
    for name, (kind, size) in sorted(symbols.items()):
        if kind in "TtWwi":
            lines += [f".globl {name}", f".type {name},@function", f"{name}:", "  jmp _stub_called"]
        else:
            data += [
                ".balign 16",
                f".globl {name}",
                f".type {name},@object",
                f".size {name},{size}",
                f"{name}:",
                f"  .zero {max(size, 8)}",
            ]
    return "\n".join(lines + data) + "\n"


def version_script(versions: dict[str, list[str]], unversioned: list[str]) -> str:
    """A linker version script: one node per version the users require; symbols they import
    without a version go into the first node (or an anonymous one when there is none)."""

    def node(name: str, syms: list[str], first: bool) -> str:
        body = (f"global: {' '.join(s + ';' for s in syms)} " if syms else "") + ("local: *;" if first else "")
        return f"{name} {{ {body} }};\n"

    if not versions:
        return node("", unversioned, True).lstrip()
    items = sorted(versions.items())
    return "".join(node(v, syms + (unversioned if i == 0 else []), i == 0) for i, (v, syms) in enumerate(items))


def build_stub(real: Path, users: list[Path], out: Path) -> list[str]:
    """Write a stub of `real` to `out` defining what `users` (libraries that link it) import from
    it. Returns the symbols."""
    exported = {k.partition("@")[0]: v for k, v in defined(real).items()}
    wanted: dict[str, tuple[str, int]] = {}
    versions: dict[str, list[str]] = {}
    for user in users:
        for v in versions_needed(user, real.name):
            versions.setdefault(v, [])
        for sym in undefined(user):  # 'name@VERSION', or 'name' when imported without one
            if sym.partition("@")[0] in exported:
                wanted[sym] = exported[sym.partition("@")[0]]
    plain, unversioned = {}, []
    for sym, info in wanted.items():
        name, _, version = sym.partition("@")
        plain[name] = info
        versions.setdefault(version, []).append(name) if version else unversioned.append(name)
    with tempfile.TemporaryDirectory() as tmp:
        src, obj, ver = Path(tmp) / "stub.s", Path(tmp) / "stub.o", Path(tmp) / "stub.map"
        src.write_text(stub_source(real.name, plain))
        ver.write_text(version_script(versions, unversioned))
        subprocess.run(["as", "--64", "-o", str(obj), str(src)], check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", real.name, "--version-script", str(ver), "-o", str(out), str(obj)], check=True
        )
    return sorted(wanted)


def is_library(path: Path) -> bool:
    return (path.name.endswith(".so") or ".so." in path.name) and not path.is_symlink() and is_elf(path)


def orphans(graph: dict[str, list[str]], stubbed: set[str]) -> set[str]:
    """Libraries that only the stubbed ones needed (transitively): nothing else in `graph`
    (file name -> NEEDED names) needs them once the stubs, which need nothing, replace those."""
    gone: set[str] = set()
    candidates = {n for s in stubbed for n in graph.get(s, [])}
    while candidates:
        name = candidates.pop()
        if name in gone or name in stubbed or name not in graph:
            continue
        users = [u for u, deps in graph.items() if name in deps and u not in gone and u not in stubbed]
        if not users:
            gone.add(name)
            candidates |= set(graph[name])
    return gone


def stub_bundle(bundle: Path, names: tuple[str, ...] = STUBBED) -> tuple[int, int, list[str]]:
    """Stub `names` in a PyInstaller bundle in place and remove what only they needed.
    Returns (bytes before, bytes after, names removed)."""
    if platform.machine() != "x86_64":
        raise ValueError(f"the stubs are written in x86-64 assembly, not for {platform.machine()}")
    libs = {p.name: p for p in bundle.rglob("*") if p.is_file() and is_library(p)}
    targets = [libs[n] for n in names if n in libs]
    if not targets:
        raise FileNotFoundError(f"none of {', '.join(names)} in the bundle")
    graph = {n: needed(p) for n, p in libs.items()}
    gone = orphans(graph, {t.name for t in targets})
    before = sum(libs[n].stat().st_size for n in gone) + sum(t.stat().st_size for t in targets)
    for real in targets:
        users = [libs[n] for n, deps in graph.items() if real.name in deps and n not in gone and libs[n] not in targets]
        tmp = real.with_name(real.name + ".stub")
        build_stub(real, users, tmp)
        tmp.replace(real)
    for n in gone:
        libs[n].unlink()
    return before, sum(t.stat().st_size for t in targets), sorted(gone)


if __name__ == "__main__":
    b, a, removed = stub_bundle(Path(sys.argv[1]))
    print(f"stubbed: {b / 1e6:.1f} MB -> {a / 1e6:.3f} MB; removed {', '.join(removed)}")
