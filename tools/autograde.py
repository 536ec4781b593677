"""Grade students' notebooks by running them and collecting the verdict of every exercise check.

    python -m tools.autograde SUBMISSION.ipynb [...] [--budget quick] [--json grades.json]

Each notebook is run top to bottom with nbclient in an empty temporary directory,
with ``ganlib.check`` replaced by a recorder that calls
``ganlib.exercises.evaluate(label, answer)`` and keeps its verdict: ``passed``,
``failed`` or ``not done``. A cell that raises does not stop the run (a broken
answer should cost one exercise, not all of them). Every exercise of the notebook
(its ``{exercise}`` labels) is reported; one whose check never ran is ``not run``.

This runs the student's code in your process's environment: grade untrusted
submissions in a container or a throw-away virtual machine. The verdicts are
what the checks compute in the student's kernel; a student who sets out to fake
them can, so read the code of anything that counts for much.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.notebooks import exercise_labels

# grading: start
RECORD = """\
import ganlib, ganlib.exercises
_verdicts = {}

def _record(label, answer):
    result = ganlib.exercises.evaluate(label, answer)
    _verdicts[label] = result.status  # "passed", "failed" or "not done"
    print(result)

ganlib.check = _record
"""
REPORT = 'import json; print("VERDICTS " + json.dumps(_verdicts))'


def run_and_collect(nb: nbformat.NotebookNode, workdir: str, timeout: int = 600) -> dict[str, str]:
    """Run a student's notebook in ``workdir`` and return {exercise label: verdict}."""
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORD))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": workdir}}
    ).execute()
    printed = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    return json.loads(printed.split("VERDICTS ", 1)[1]) if "VERDICTS " in printed else {}


# grading: end


def grade(path: Path, budget: str = "quick", timeout: int = 600) -> dict:
    """Grade one notebook: every exercise's verdict (``not run`` when its check never ran) and the score."""
    nb = nbformat.read(path, as_version=4)
    labels = exercise_labels(nb)
    saved = {name: os.environ.get(name) for name in ("GANLIB_BUDGET", "GANLIB_STRICT_CHECKS")}
    os.environ["GANLIB_BUDGET"] = budget
    os.environ.pop("GANLIB_STRICT_CHECKS", None)  # the recorder never raises, but stay lenient anyway
    try:
        with tempfile.TemporaryDirectory() as workdir:
            verdicts = run_and_collect(nb, workdir, timeout)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    exercises = {label: verdicts.get(label, "not run") for label in labels}
    exercises.update({label: v for label, v in verdicts.items() if label not in exercises})
    passed = sum(v == "passed" for v in exercises.values())
    return {"notebook": str(path), "exercises": exercises, "passed": passed, "total": len(exercises)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--budget", choices=["quick", "full"], default="quick", help="GANLIB_BUDGET for the run (default: quick)"
    )
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default: 600)")
    parser.add_argument("--json", type=Path, help="also write the grades to this JSON file")
    args = parser.parse_args(argv)
    grades = []
    for path in args.notebooks:
        result = grade(path, args.budget, args.timeout)
        grades.append(result)
        print(f"{path}: {result['passed']}/{result['total']} passed")
        for label, verdict in result["exercises"].items():
            print(f"    {label}: {verdict}")
    if args.json:
        args.json.write_text(json.dumps(grades, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
