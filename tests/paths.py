"""Where the repository is, for tests that run ``python -m ganlib`` from its root (also in `make test-floors`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
