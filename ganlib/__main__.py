"""``python -m ganlib``: the command line of :mod:`ganlib.cli` (``train`` and ``sample``)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
