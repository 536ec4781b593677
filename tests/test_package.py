"""ganlib as a package: its version, and an install that leaves TensorFlow alone."""

import importlib
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version

import tomllib

import ganlib
from tools.notebooks import ROOT


def test_version_is_exposed_and_matches_the_installed_metadata():
    assert ganlib.__version__ == version("ganlib")
    assert "version" in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dynamic"]


# Public names of the library's modules that are deliberately not re-exported, with the reason.
NOT_EXPORTED = {
    "metrics.cache_dir": "where the digit classifier is kept; readers set GANLIB_CACHE instead",
    "language.translate": "what the exercise checks call on their texts; readers call set_language",
    "language.template_pattern": "how a hint's template finds its values; used by the checks and the catalog tools",
}
# Modules used as a whole, not through re-exported names: the command-line application, and the
# exercise checks (only ganlib.check is public).
NOT_LIBRARY = {"cli", "exercises", "__main__"}


def library_modules():
    names = [path.stem for path in (ROOT / "ganlib").glob("*.py")] + ["exercises"]
    return [
        importlib.import_module(f"ganlib.{name}")
        for name in sorted(names)
        if not name.startswith("_") and name not in NOT_LIBRARY
    ]


def test_every_public_function_and_class_of_the_library_is_exported_with_a_docstring():
    missing = []
    for module in library_modules():
        short = module.__name__.removeprefix("ganlib.")
        for name, obj in vars(module).items():
            defined_here = (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__
            if defined_here and not name.startswith("_") and name not in ganlib.__all__:
                if f"{short}.{name}" not in NOT_EXPORTED:
                    missing.append(f"{short}.{name}")
    assert not missing, f"public but not in ganlib.__all__: {missing}"
    for name in ganlib.__all__:
        obj = getattr(ganlib, name)  # raises if __all__ names something ganlib does not have
        if callable(obj):
            assert obj.__doc__, f"ganlib.{name} has no docstring"


# `ganlib.a.b`, `from ganlib import a, b` and `from ganlib.a import b` in chapters and the README
DOTTED = re.compile(r"\bganlib((?:\.[A-Za-z_]\w*)+)")
FROM_GANLIB = re.compile(r"^\s*from ganlib(\.\w+)? import ([\w, ]+)$", re.M)


def is_module(name):
    return importlib.util.find_spec(f"ganlib.{name}") is not None


def ganlib_names_used_in_the_book():
    """Yield (file, dotted path after ``ganlib``) for every use of ganlib in md/ and the README."""
    for path in sorted((ROOT / "md").rglob("*.md")) + [ROOT / "README.md"]:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        for match in DOTTED.finditer(text):
            yield where, match.group(1).split(".")[1:]
        for match in FROM_GANLIB.finditer(text):
            module = match.group(1)[1:] if match.group(1) else None
            for name in (n.strip() for n in match.group(2).split(",")):
                parts = [module, name] if module else [name]
                yield where, parts
                if not module and is_module(name):
                    for used in re.finditer(rf"(?<![\w.]){name}((?:\.[A-Za-z_]\w*)+)", text):
                        yield where, [name, *used.group(1).split(".")[1:]]


def test_the_book_and_the_readme_use_only_exported_names():
    unexported = set()
    for where, parts in ganlib_names_used_in_the_book():
        if is_module(parts[0]):
            if parts[0] in NOT_LIBRARY or len(parts) == 1 or parts[1].isupper():
                continue  # a module, or one of its settings (ganlib.recipes.N_CLUSTERS)
            name = parts[1]  # ganlib.metrics.split_digits must also be ganlib.split_digits
        else:
            name = parts[0]
        if name not in ganlib.__all__ and not name.startswith("_"):
            unexported.add(f"{where}: ganlib.{'.'.join(parts)}")
    assert not unexported, sorted(unexported)


def test_the_book_shows_no_private_helper():
    private = {
        f"{where}: ganlib.{'.'.join(parts)}"
        for where, parts in ganlib_names_used_in_the_book()
        if any(part.startswith("_") for part in parts)
    }
    assert not private, sorted(private)


def test_importing_ganlib_leaves_the_environment_alone():
    # TensorFlow sets variables of its own when imported; ganlib itself must set none.
    code = (
        "import os, json, tensorflow; before = dict(os.environ); import ganlib; "
        "print(json.dumps(sorted(k for k in {*before, *os.environ} if before.get(k) != os.environ.get(k))))"
    )
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_installing_ganlib_where_tensorflow_is_installed_keeps_tensorflow():
    # Resolve `pip install .` here, offline, without installing anything: the plan must
    # not add or replace any TensorFlow or Keras distribution.
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-index",
            "--no-build-isolation",
            "--quiet",
            "--report",
            "-",
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    planned = [item["metadata"]["name"].lower() for item in json.loads(report.stdout)["install"]]
    assert planned == ["ganlib"], planned
