"""ganlib's version, the book's version and the declared version floors, read from the sources.

    python -m tools.release version   # ganlib's version (ganlib/__init__.py), e.g. 0.1.0
    python -m tools.release floors    # every declared floor as a pin, one per line (`make test-floors`)

Version scheme: ganlib is versioned MAJOR.MINOR.PATCH. The book's edition is MAJOR.MINOR:
a book built from ganlib 0.1.x is edition 0.1, and its notebooks install ``ganlib==0.1.*``
(any patch release of that line, never another line). A release is the tag ``vMAJOR.MINOR.PATCH``
on main, equal to ``ganlib.__version__`` (``.github/workflows/release.yml`` refuses any other).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent

VERSION = re.compile(r'^__version__ = "(\d+)\.(\d+)\.(\d+)"$', re.M)
# The pip distributions whose versions the setup cell checks, with the names it prints.
FRAMEWORKS = {"tensorflow-cpu": "TensorFlow", "keras": "Keras"}


def version() -> str:
    """ganlib's version, read from ``ganlib/__init__.py`` (without importing TensorFlow)."""
    match = VERSION.search((ROOT / "ganlib" / "__init__.py").read_text(encoding="utf-8"))
    if match is None:
        raise ValueError('ganlib/__init__.py: expected a line __version__ = "X.Y.Z"')
    return ".".join(match.groups())


def book_version() -> str:
    """The book's edition: ganlib's MAJOR.MINOR."""
    return ".".join(version().split(".")[:2])


def ganlib_requirement() -> str:
    """What a notebook of this edition installs: the newest ganlib release of the book's line."""
    return f"ganlib=={book_version()}.*"


def _requirements() -> list:
    from packaging.requirements import Requirement  # (imported here: `version` works in a bare Python)

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["cpu"]]


def floors() -> dict[str, str]:
    """Each declared dependency (with the ``cpu`` extra) and its lower bound, e.g. ``{"numpy": "2.0", ...}``."""
    result = {}
    for requirement in _requirements():
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if len(lower) != 1:
            raise ValueError(f"pyproject.toml: expected one floor (>=) for {requirement.name}, got {requirement}")
        result[requirement.name] = lower[0]
    return result


def framework_floors() -> dict[str, str]:
    """The oldest TensorFlow and Keras that ganlib supports, by the names the setup cell prints."""
    return {label: floors()[name] for name, label in FRAMEWORKS.items()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["version"]:
        print(version())
    elif argv == ["floors"]:
        print("\n".join(f"{name}=={floor}" for name, floor in floors().items()))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
