"""Estimate how long each chapter takes, for the instructor guide.

    python -m tools.syllabus            # print the table (MyST markdown)
    python -m tools.syllabus --write    # put it into book/instructor_guide.md

The chapters are those of ``_toc.yml``, in order. For each, the script counts the
words of prose (markdown cells, or the whole page for a ``.md`` file, without the
exercises' solutions), the lines of code a reader reads (code cells other than the
setup cell, without the worked solutions between ``# BEGIN SOLUTION`` and
``# END SOLUTION``), and the exercises, and reads the seconds of the stored full-budget
run from the notebook's stamp. Then:

* *quick reading* = prose at :data:`WORDS_PER_MINUTE` + code at :data:`CODE_LINES_PER_MINUTE`
  + one full run of the notebook (the stored seconds);
* *with exercises* = quick reading + :data:`MINUTES_PER_EXERCISE` per exercise.

Both are rounded to the nearest 5 minutes. The rates are assumptions, stated in the guide:
ordinary prose is read at about 240 words a minute (Brysbaert, 2019, *J. Memory and
Language* 109, 104047), technical prose with equations markedly slower.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from tools.notebooks import ROOT, STAMP_KEY, exercise_labels, setup_cell_source

WORDS_PER_MINUTE = 120
CODE_LINES_PER_MINUTE = 10
MINUTES_PER_EXERCISE = 15
GUIDE = ROOT / "book" / "instructor_guide.md"
START, END = "% chapter-times: start", "% chapter-times: end"

SOLUTION_CODE = re.compile(r"^[ \t]*# BEGIN SOLUTION.*?^[ \t]*# END SOLUTION[^\n]*$", re.S | re.M)
SOLUTION_PROSE = re.compile(r"```\{solution-start\}.*?```\{solution-end\}\s*```", re.S)
FENCE_LINE = re.compile(r"^(```|:::).*$|^:[\w-]+:.*$", re.M)


@dataclass
class Chapter:
    """One entry of the table of contents and what it takes to work through it."""

    docname: str  # e.g. "book/first_gan"
    part: str
    title: str
    exists: bool
    words: int = 0
    code_lines: int = 0
    exercises: int = 0
    run_seconds: float = 0.0

    @property
    def reading_minutes(self) -> int:
        minutes = self.words / WORDS_PER_MINUTE + self.code_lines / CODE_LINES_PER_MINUTE + self.run_seconds / 60
        return _round_up(minutes)

    @property
    def exercise_minutes(self) -> int:
        return _round_up(self.reading_minutes + MINUTES_PER_EXERCISE * self.exercises)


def _round_up(minutes: float, step: int = 5) -> int:
    """Round to the nearest ``step`` minutes, at least ``step``."""
    return max(step, int(step * round(minutes / step))) if minutes > 0 else 0


def _words(text: str) -> int:
    text = SOLUTION_PROSE.sub(" ", text)
    text = FENCE_LINE.sub(" ", text)
    return len(text.split())


def _code_lines(source: str) -> int:
    source = SOLUTION_CODE.sub("", source)
    return sum(1 for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def measure(docname: str, part: str) -> Chapter:
    """Count the prose, code and exercises of the page ``docname`` (without extension)."""
    notebook, page = ROOT / f"{docname}.ipynb", ROOT / f"{docname}.md"
    if notebook.exists():
        nb = nbformat.read(notebook, as_version=4)
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        code = [c.source for c in nb.cells if c.cell_type == "code" and c.source != setup_cell_source()]
        chapter = Chapter(
            docname,
            part,
            _title(prose, docname),
            True,
            _words(prose),
            sum(map(_code_lines, code)),
            len(exercise_labels(prose)),
            float(nb.metadata.get(STAMP_KEY, {}).get("seconds", 0.0)),
        )
    elif page.exists():
        prose = page.read_text(encoding="utf-8")
        chapter = Chapter(
            docname, part, _title(prose, docname), True, _words(prose), exercises=len(exercise_labels(prose))
        )
    else:
        chapter = Chapter(docname, part, docname.rsplit("/", 1)[-1].replace("_", " "), False)
    return chapter


def _title(text: str, docname: str) -> str:
    match = re.search(r"^# (.+)$", text, re.M)
    return match.group(1).strip() if match else docname


def chapters(skip: tuple[str, ...] = ("book/intro", "book/instructor_guide")) -> list[Chapter]:
    """Every chapter of ``_toc.yml`` in order (the landing page and this guide left out)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = []
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            if entry.get("file") and entry["file"] not in skip:
                found.append(measure(entry["file"], part.get("caption", "")))
    return found


def table(items: list[Chapter] | None = None) -> str:
    """The chapter table of the instructor guide, in MyST markdown."""
    items = chapters() if items is None else items
    lines = [
        "| Chapter | Words | Code lines | Exercises | Run | Quick reading | With exercises |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    previous = None
    for c in items:
        if c.part != previous:
            lines.append(f"| **{c.part}** | | | | | | |")
            previous = c.part
        if c.exists:
            run = f"{c.run_seconds:.0f}&nbsp;s" if c.run_seconds else "-"
            lines.append(
                f"| {{doc}}`/{c.docname}` | {c.words:,} | {c.code_lines} | {c.exercises} | {run} "
                f"| {c.reading_minutes}&nbsp;min | {c.exercise_minutes}&nbsp;min |"
            )
        else:
            lines.append(f"| {c.title} (in preparation) | | | | | | |")
    done = [c for c in items if c.exists]
    lines.append(
        f"| **Total ({len(done)} chapters)** | {sum(c.words for c in done):,} "
        f"| {sum(c.code_lines for c in done)} | {sum(c.exercises for c in done)} | "
        f"{sum(c.run_seconds for c in done) / 60:.0f}&nbsp;min | "
        f"{sum(c.reading_minutes for c in done) / 60:.1f}&nbsp;h | "
        f"{sum(c.exercise_minutes for c in done) / 60:.1f}&nbsp;h |"
    )
    return "\n".join(lines)


def write(guide: Path = GUIDE) -> bool:
    """Replace the table between the markers in the guide; return whether the file changed."""
    text = guide.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    new = text[:start] + "\n" + table() + "\n" + text[end:]
    guide.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"update the table in {GUIDE.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.write:
        print(f"{GUIDE.relative_to(ROOT)}: {'updated' if write() else 'already up to date'}")
    else:
        print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
