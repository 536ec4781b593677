"""Write the student edition: every notebook with its worked solutions taken out.

    python -m tools.student [--out student]

In each code cell, the region between ``# BEGIN SOLUTION`` and ``# END SOLUTION``
becomes ``...  # your code here`` and the cell's outputs are cleared; so are the
outputs of the ``ganlib.check(...)`` cells. The solution dropdowns' MyST fences,
which only the book renders, are dropped, and so is the prose between them (the worked
solution's explanation). What a check needs to run (``def f(x):``,
``answer = ...``) stays outside the markers, so a student copy runs top to bottom
and each unfinished exercise reports "not done yet" instead of raising.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from tools.notebooks import BOOK, ROOT, STAMP_KEY, notebooks

SOLUTION = re.compile(r"^([ \t]*)# BEGIN SOLUTION[ \t]*\n.*?^[ \t]*# END SOLUTION[ \t]*(?:\n|\Z)", re.S | re.M)
SOLUTION_FENCE = re.compile(r"```\{solution-(?:start|end)\}[^\n]*\n(?::[^\n]*\n)*```[ \t]*\n?")
SOLUTION_PART = re.compile(r"(```\{solution-(?:start|end)\}[^\n]*\n(?::[^\n]*\n)*```[ \t]*\n?)")
NOTICE = (
    "> **Student edition.** The worked solutions are taken out of this copy: replace each `...` "
    "under an exercise with your answer and run the check below it."
)


def starter_source(source: str) -> str:
    """A solution cell's source with each marked solution region replaced by a placeholder."""
    return SOLUTION.sub(lambda match: f"{match.group(1)}...  # your code here\n", source).rstrip("\n")


def student_notebook(nb: nbformat.NotebookNode, notice: str = NOTICE) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` without solutions, solution outputs or check verdicts, ``notice`` under its title."""
    nb = nbformat.from_dict(nb)
    nb.metadata.pop(STAMP_KEY, None)
    cells, in_solution = [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            kept = []
            for part in SOLUTION_PART.split(cell.source):
                if SOLUTION_FENCE.fullmatch(part):
                    in_solution = "{solution-start}" in part
                elif not in_solution:
                    kept.append(part)
            cell.source = "".join(kept).strip("\n")
            if not cell.source:
                continue
        elif "# BEGIN SOLUTION" in cell.source or "ganlib.check(" in cell.source:
            cell.source = starter_source(cell.source)
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    title = next(i for i, cell in enumerate(cells) if cell.cell_type == "markdown")
    cells.insert(title + 1, nbformat.v4.new_markdown_cell(notice))
    nb.cells = cells
    return nb


def write_student_edition(out: Path) -> list[Path]:
    """Write the student copy of every notebook under ``out``, mirroring ``book/``; return the paths."""
    written = []
    for path in notebooks():
        target = out / path.relative_to(BOOK)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "student", help="where to write (default: student/)")
    args = parser.parse_args(argv)
    for path in write_student_edition(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
