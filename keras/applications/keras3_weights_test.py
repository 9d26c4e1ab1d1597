"""Weights written by the real Keras 3.15.1 for ResNet50 load here with the same
predictions: its `.weights.h5` (Keras 3 layout) and its legacy `.h5` (the layout of
the published ImageNet weights).

The files are ~100 MB each, so they are not committed: they are written on the fly
by testdata/write_keras3_resnet50.py run with the Keras 3 venv
(~/.cache/keras3-bench-venv, or $KERAS3_VENV_PYTHON); without it the tests skip.
"""

import os
import subprocess

import numpy as np
import pytest

import keras
from keras import applications

HERE = os.path.dirname(os.path.abspath(__file__))
WRITER = os.path.join(HERE, "testdata", "write_keras3_resnet50.py")
KERAS3_PYTHON = os.environ.get(
    "KERAS3_VENV_PYTHON",
    os.path.expanduser("~/.cache/keras3-bench-venv/bin/python"),
)


@pytest.fixture(scope="module")
def keras3_files(tmp_path_factory):
    if not os.path.exists(KERAS3_PYTHON):
        pytest.skip(
            f"the Keras 3.15.1 venv ({KERAS3_PYTHON}) is absent: the 100 MB ResNet50 "
            "weight files are written by it on the fly"
        )
    out = str(tmp_path_factory.mktemp("keras3_resnet50"))
    # Run from the output folder with a clean PYTHONPATH, so `import keras` is the
    # real Keras 3, on its tensorflow backend.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KERAS_HOME")}
    env["KERAS_BACKEND"] = "tensorflow"
    env["KERAS_HOME"] = out
    result = subprocess.run(
        [KERAS3_PYTHON, WRITER, out],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def build(weights):
    keras.backend.clear_session()
    return applications.ResNet50(
        weights=weights, include_top=False, input_shape=(64, 64, 3), pooling="avg"
    )


@pytest.mark.parametrize("fname", ["resnet50.weights.h5", "resnet50_legacy.h5"])
def test_same_predictions_as_keras3(keras3_files, fname):
    images = np.load(os.path.join(keras3_files, "input.npy"))
    expected = np.load(os.path.join(keras3_files, "preds.npy"))
    assert np.all(np.isfinite(expected)) and np.abs(expected).max() > 0
    model = build(os.path.join(keras3_files, fname))
    got = model.predict(images, verbose=0)
    np.testing.assert_allclose(
        got, expected, rtol=1e-4, atol=1e-4 * np.abs(expected).max()
    )
