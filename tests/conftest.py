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
