"""Maintain the book's notebooks: execute them in the full budget and stamp them.

    python -m tools.notebooks execute [NOTEBOOK ...]   # all of book/ when none given
    python -m tools.notebooks status                   # which stored outputs are stale

``execute`` runs each notebook top to bottom in the full budget, from an empty
temporary directory (so that it cannot lean on files beside it, as in Colab),
stores its outputs, and stamps its metadata with what it ran: a hash of its code
cells and a hash of ganlib's code. The tests recompute both hashes and fail when
either changed since, so the book never shows outputs of code that is gone.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
GANLIB = ROOT / "ganlib"
STAMP_KEY = "ganlib_execution"
CELL_TIMEOUT = 900  # seconds; a full-budget training cell takes a few minutes at most


def notebooks() -> list[Path]:
    """Every notebook of the book, in a stable order."""
    return sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def ganlib_hash() -> str:
    """A hash of ganlib's code: its syntax trees without docstrings or comments.

    Editing a docstring or a comment does not make outputs stale; changing code does.
    The exercise checks (``ganlib/exercises.py``) are left out: they only print a
    verdict on the reader's answer, and the tests run every check on its worked
    solution anew (strictly) whatever the stored outputs say, so adding a chapter's
    checks does not make every other chapter's outputs stale.
    """
    digest = hashlib.sha256()
    for path in sorted(GANLIB.rglob("*.py")):
        if path.name == "exercises.py":
            continue
        tree = _strip_docstrings(ast.parse(path.read_text(encoding="utf-8")))
        digest.update(str(path.relative_to(GANLIB)).encode())
        digest.update(ast.dump(tree, include_attributes=False).encode())
    return digest.hexdigest()[:16]


def code_hash(nb: nbformat.NotebookNode) -> str:
    """A hash of a notebook's code cells, in order."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.strip().encode() + b"\0")
    return digest.hexdigest()[:16]


def config() -> dict:
    """The book's ``_config.yml``."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def install_url() -> str:
    """Where Colab installs ganlib from: derived from the one repository setting in ``_config.yml``."""
    repository = config()["repository"]
    return f"ganlib @ git+{repository['url']}@{repository.get('branch', 'main')}"


def setup_cell_source() -> str:
    """The first code cell of every notebook: install ganlib where it is missing (as in Colab)."""
    return (
        "# In Colab (or any environment without ganlib), install it. Elsewhere this does nothing.\n"
        "import importlib.util, subprocess, sys\n"
        "\n"
        'if importlib.util.find_spec("ganlib") is None:\n'
        f'    url = "{install_url()}"\n'
        '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", url], check=True)'
    )


def refresh_setup_cell(nb: nbformat.NotebookNode) -> bool:
    """Make the first code cell the current setup cell; return whether it changed."""
    cell = next(cell for cell in nb.cells if cell.cell_type == "code")
    changed = cell.source != setup_cell_source()
    cell.source = setup_cell_source()
    return changed


def stale_reasons(nb: nbformat.NotebookNode) -> list[str]:
    """Why a notebook's stored outputs cannot be trusted (an empty list when they can)."""
    stamp = nb.metadata.get(STAMP_KEY)
    if not stamp:
        return ["it was never executed by `make notebooks`"]
    reasons = []
    if stamp.get("budget") != "full":
        reasons.append(f"it was executed in the {stamp.get('budget')!r} budget, not 'full'")
    if stamp.get("code_hash") != code_hash(nb):
        reasons.append("its code cells changed since it was executed")
    if stamp.get("ganlib_hash") != ganlib_hash():
        reasons.append("ganlib's code changed since it was executed")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            reasons.append(f"cell {index} has an error output")
        if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None:
            reasons.append(f"cell {index} was not executed")
    return reasons


def execute(path: Path) -> float:
    """Run one notebook in the full budget, store its outputs and stamp it; return the seconds taken."""
    from nbclient import NotebookClient
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    nb = nbformat.read(path, as_version=4)
    refresh_setup_cell(nb)
    os.environ["GANLIB_BUDGET"] = "full"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": workdir}},
            # TensorFlow's C++ start-up lines go to the kernel's own stderr, not into the book;
            # Python warnings (e.g. the MNIST fallback) are still stored.
            extra_arguments=["--IPKernelApp.capture_fd_output=False"],
        ).execute()
    seconds = time.perf_counter() - start
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    nb.metadata[STAMP_KEY] = {
        "budget": "full",
        "code_hash": code_hash(nb),
        "ganlib_hash": ganlib_hash(),
        "seconds": round(seconds, 1),
        "python": sys.version.split()[0],
    }
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="execute notebooks in the full budget and store their outputs")
    run.add_argument("paths", nargs="*", type=Path)
    run.add_argument("--stale", action="store_true", help="only the notebooks whose outputs are stale")
    sub.add_parser("status", help="list the notebooks whose stored outputs are stale")
    args = parser.parse_args(argv)

    if args.command == "status":
        stale = 0
        for path in notebooks():
            reasons = stale_reasons(nbformat.read(path, as_version=4))
            stale += bool(reasons)
            print(f"{path.relative_to(ROOT)}: {'; '.join(reasons) or 'up to date'}")
        return 1 if stale else 0

    paths = [p.resolve() for p in args.paths] or notebooks()
    if args.stale:
        paths = [p for p in paths if stale_reasons(nbformat.read(p, as_version=4))]
    for path in paths:
        print(f"executing {path.relative_to(ROOT)} (full budget) ...", flush=True)
        print(f"  done in {execute(path):.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
