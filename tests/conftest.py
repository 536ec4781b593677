"""Shared test set-up: quiet TensorFlow, a repeatable seed, a fresh Keras session per test, and the
environment of command-line subprocesses (``cli_env``)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_keras_session():
    keras.backend.clear_session()
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


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.suffix == ".ipynb" or item.path.name in BOOK_TEST_FILES:
            item.add_marker(pytest.mark.book)
