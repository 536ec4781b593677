"""ganlib as a package: its version, and an install that leaves TensorFlow alone."""

import json
import subprocess
import sys
import tomllib
from importlib.metadata import version

import ganlib
from tools.notebooks import ROOT


def test_version_is_exposed_and_matches_the_installed_metadata():
    assert ganlib.__version__ == version("ganlib")
    assert "version" in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dynamic"]


def test_public_names_are_reexported():
    for name in ganlib.__all__:
        assert getattr(ganlib, name) is not None
        obj = getattr(ganlib, name)
        if callable(obj) and not isinstance(obj, dict):
            assert obj.__doc__, f"ganlib.{name} has no docstring"


def test_installing_ganlib_where_tensorflow_is_installed_keeps_tensorflow():
    # Resolve `pip install .` here, offline, without installing anything: the plan must
    # not add or replace any TensorFlow or Keras distribution.
    report = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--no-build-isolation",
         "--quiet", "--report", "-", str(ROOT)],
        capture_output=True, text=True, check=True,
    )
    planned = [item["metadata"]["name"].lower() for item in json.loads(report.stdout)["install"]]
    assert planned == ["ganlib"], planned
