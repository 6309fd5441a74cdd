"""The layers contract, read from the source with the ast module, so that an import inside a function
counts as much as one at the top: inference < cases < exchange < (cli, desktop); training imports
inference (and itself) only; inference and desktop never import torch; no import circle."""

from __future__ import annotations

import ast
from pathlib import Path

RANK = {"inference": 0, "cases": 1, "exchange": 2, "cli": 3, "desktop": 3, "harness": 4}  # harness: tests only
PACKAGES = (*RANK, "training")
NO_TORCH = ("inference", "desktop", "cases", "exchange", "cli")


def imports(source: str, module: str) -> list[str]:
    """Every module a source file imports, wherever the import statement is."""
    out = []
    pkg = module.rsplit(".", 1)[0]
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.Import):
            out += [a.name for a in n.names]
        elif isinstance(n, ast.ImportFrom):
            if n.level:  # relative: resolve against the package
                base = pkg.split(".")[: len(pkg.split(".")) - n.level + 1]
                out.append(".".join(base + ([n.module] if n.module else [])))
            elif n.module:
                out.append(n.module)
                out += [f"{n.module}.{a.name}" for a in n.names]  # "from cases import store"
    return out


def violations(root: Path, files: dict[str, str] | None = None) -> list[str]:
    """Upward or sideways imports and forbidden ones. `files` (module -> source) replaces reading."""
    files = files if files is not None else sources(root)
    out = []
    for mod, src in files.items():
        top = mod.split(".")[0]
        for imp in imports(src, mod):
            dest = imp.split(".")[0]
            if top in NO_TORCH and dest in ("torch", "torchvision", "timm"):
                out.append(f"{mod} imports {imp} (no torch here)")
            elif top == "training" and dest in RANK and dest != "inference":
                out.append(f"{mod} imports {imp} (training imports inference only)")
            elif top in RANK and dest in RANK and dest != top and RANK[dest] >= RANK[top]:
                out.append(f"{mod} imports {imp} (an arrow up or across a layer)")
    return sorted(set(out))


def sources(root: Path) -> dict[str, str]:
    out = {}
    for pkg in PACKAGES:
        for f in sorted((root / pkg).rglob("*.py")):
            mod = ".".join(f.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
            out[mod] = f.read_text(encoding="utf-8")
    return out


def circles(root: Path, files: dict[str, str] | None = None) -> list[list[str]]:
    """Import circles between the project's modules (Tarjan's strongly connected components)."""
    files = files if files is not None else sources(root)
    graph = {m: sorted({i for i in (_own(x, files) for x in imports(s, m)) if i and i != m}) for m, s in files.items()}
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def _own(name: str, files: dict[str, str]) -> str | None:
    """The project module an import names (a 'from pkg import name' that is a function: pkg itself)."""
    while name:
        if name in files:
            return name
        name = name.rpartition(".")[0]
    return None
