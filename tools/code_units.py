"""Which parts of ganlib a notebook ran, and a hash of each, so that staleness follows the code.

ganlib's code is cut into *units*:

- each function, and each method of a class (a function nested in another belongs
  to the outer one), named ``"gan.py:GAN.train_step"``;
- each module's *skeleton*, named ``"gan.py:<module>"``: what runs when the module is
  imported (imports, constants, class bodies without their methods).

A unit's hash is a hash of its syntax tree without docstrings or comments, so that
editing prose does not make outputs stale. ``tools.notebooks`` runs each notebook under
coverage.py (subprocesses too, such as ``python -m ganlib train``), keeps the units
whose lines ran, and stamps the notebook with their hashes; the notebook is stale when
one of those hashes changes, and only then. A function that the notebook never called
cannot have shaped its outputs.

Relative imports (``from .data import load_mnist``) are left out of a module's
skeleton: they only bind names to code that has units of its own, so adding a name to
``ganlib/__init__.py`` stales nothing.
"""

from __future__ import annotations

import ast
import copy
import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path

MODULE = "<module>"
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, *FUNCTIONS)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(getattr(body[0], "value", None), ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _digest(node: ast.AST) -> str:
    dumped = ast.dump(_strip_docstrings(copy.deepcopy(node)), include_attributes=False)
    return hashlib.sha256(dumped.encode()).hexdigest()[:12]


def _functions(body: list[ast.stmt], prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    """The functions and methods defined in a module's or a class's body, by qualified name."""
    for node in body:
        if isinstance(node, FUNCTIONS):
            yield prefix + node.name, node
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node.body, f"{prefix}{node.name}.")


def _skeleton(tree: ast.Module) -> ast.Module:
    """The module without its functions, methods and relative imports: what importing it runs."""
    tree = copy.deepcopy(tree)

    def prune(body: list[ast.stmt]) -> list[ast.stmt]:
        kept = []
        for node in body:
            if isinstance(node, FUNCTIONS) or (isinstance(node, ast.ImportFrom) and node.level > 0):
                continue
            if isinstance(node, ast.ClassDef):
                node.body = prune(node.body) or [ast.Pass()]
            kept.append(node)
        return kept

    tree.body = prune(tree.body)
    return tree


class Module:
    """One ganlib module's units: their hashes and the lines of each function's body."""

    def __init__(self, path: Path, name: str) -> None:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        self.name = name
        self.hashes = {f"{name}:{MODULE}": _digest(_skeleton(tree))}
        self.spans = []  # (first line, last line, unit) of each function's body
        for qualname, node in _functions(tree.body):
            unit = f"{name}:{qualname}"
            self.hashes[unit] = _digest(node)
            self.spans.append((node.body[0].lineno, node.end_lineno, unit))

    def units_run(self, lines: set[int]) -> set[str]:
        """The units whose code ran, given the module's executed line numbers."""
        run = {unit for first, last, unit in self.spans if any(first <= line <= last for line in lines)}
        return run | {f"{self.name}:{MODULE}"} if lines else run


def modules(package: Path) -> dict[str, Module]:
    """Every module of a package, by its path relative to the package (``"gan.py"``, ``"exercises/spikes.py"``)."""
    return {
        name: Module(path, name)
        for path in sorted(package.rglob("*.py"))
        if "__pycache__" not in path.parts
        for name in [path.relative_to(package).as_posix()]
    }


def current_hashes(package: Path) -> dict[str, str]:
    """The hash of every unit of a package, as it is now (parsed again only when a file changed)."""
    files = tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(Path(package).rglob("*.py"))
        if "__pycache__" not in path.parts
    )
    return dict(_hashes(str(package), files))


@functools.lru_cache(maxsize=8)
def _hashes(package: str, files: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, str], ...]:
    units = modules(Path(package)).values()
    return tuple((unit, digest) for module in units for unit, digest in module.hashes.items())


def units_run(package: Path, executed: dict[str, set[int]]) -> dict[str, str]:
    """The units of a package that ran, with their hashes, from executed lines by absolute file path."""
    found = modules(package)
    root = package.resolve()
    run: dict[str, str] = {}
    for filename, lines in executed.items():
        path = Path(filename).resolve()
        if not path.is_relative_to(root):
            continue
        module = found.get(path.relative_to(root).as_posix())
        if module is not None:
            run.update({unit: module.hashes[unit] for unit in module.units_run(lines)})
    return dict(sorted(run.items()))


def changes(recorded: dict[str, str], package: Path) -> list[str]:
    """Which of the recorded units changed or are gone, as readable reasons (empty: none)."""
    now = current_hashes(package)
    reasons = []
    for unit, digest in recorded.items():
        if unit not in now:
            reasons.append(f"ganlib's `{unit}`, which it ran, is gone")
        elif now[unit] != digest:
            reasons.append(f"ganlib's `{unit}`, which it ran, changed")
    return reasons
