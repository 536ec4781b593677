"""Shared test set-up: quiet TensorFlow, a repeatable seed, a fresh Keras session per test, and the
environment of command-line subprocesses (``cli_env``)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_keras_session():
    # Without Python's garbage collection, which Keras runs by default: a full collection takes
    # about 0.3 s in a process that has loaded TensorFlow, and there are some 2,000 tests.
    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(0)
    yield


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory):
    """The environment of a CLI subprocess: quick budget, offline, a cache shared by the test session."""
    cache = tmp_path_factory.getbasetemp() / "ganlib-cli-cache"
    cache.mkdir(exist_ok=True)
    return {
        **os.environ,
        "GANLIB_BUDGET": "quick",
        "GANLIB_OFFLINE": "1",
        "GANLIB_CACHE": str(cache),
        "PYTHONUNBUFFERED": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }


# The tests of the book (its notebooks, their runs, the built pages) as against ganlib's own:
# `make test-lib` runs only the library's tests, a quick loop for library work.
BOOK_TEST_FILES = {
    "test_assign.py",
    "test_built_book.py",
    "test_notebooks.py",
    "test_quizzes.py",
    "test_staleness.py",
    "test_student.py",
    "test_testbooks.py",
}


# `make test` runs two workers (pytest-xdist, --dist loadfile --no-loadscope-reorder): each is handed
# the next file in collection order whenever it runs low. The longest files go first, so that the
# many short ones fill in at the end and both workers finish at about the same time (measured with
# --durations=0; the order changes which worker runs a test, never what it checks).
LONGEST_FIRST = [
    "test_built_book.py",  # two builds of the book, 58 pages in a browser
    "test_cli.py",  # trainings from the command line
    "test_colab.py",
    "test_assign.py",  # an otter-grader run
    "test_kill_resume.py",
    "test_staleness.py",
    "test_translation.py",
]


def _schedule(item) -> int:
    if item.path.name in LONGEST_FIRST:
        return LONGEST_FIRST.index(item.path.name)
    return len(LONGEST_FIRST) + (item.path.suffix != ".ipynb")  # then the chapters' runs, then the rest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.suffix == ".ipynb" or item.path.name in BOOK_TEST_FILES:
            item.add_marker(pytest.mark.book)
    items.sort(key=_schedule)  # stable: a file's tests keep their order
