"""The HTML book builds with no warnings (Sphinx's -W), from the stored notebook outputs."""

import shutil
import subprocess
import sys
from pathlib import Path

from tools.notebooks import ROOT


def test_book_builds_without_warnings(tmp_path):
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book if jupyter_book.exists() else shutil.which("jupyter-book")), "build", str(ROOT),
         "--path-output", str(tmp_path), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    page = (tmp_path / "_build" / "html" / "book" / "first_gan.html").read_text()
    assert 'class="math notranslate nohighlight"' in page  # equations are there for MathJax
    assert "Exercise 1" in page and "solution" in page  # numbered exercises with solutions
    assert "colab.research.google.com" in page  # the launch button
    assert "Goodfellow" in page  # the bibliography
