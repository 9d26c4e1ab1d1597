"""Weight files written by the real Keras 3.15.1 (`model.save_weights`, random
seeded weights) load into our builders and give Keras's predictions.

- MobileNet(alpha=0.25, classes=10) on 32x32 images: committed fixture
  (testdata/partB_mobilenet_a025.*, ~1 MB), runs everywhere.
- MobileNetV3Small, EfficientNetB0 and NASNetMobile (default widths, 64x64 images;
  NASNetMobile also as a legacy whole-model .h5): their files are 10-25 MB, too
  big to commit, so they are written on the fly by
  testdata/partB_write_keras3_fixtures.py when the Keras 3 benchmark venv
  exists (cached in the temp dir), and skipped otherwise.
"""

import os
import subprocess
import tempfile

import numpy as np
import pytest

from keras.applications import efficientnet
from keras.applications import mobilenet
from keras.applications import mobilenet_v3
from keras.applications import nasnet

_HERE = os.path.dirname(__file__)
_TESTDATA = os.path.join(_HERE, "testdata")
_WRITER = os.path.join(_TESTDATA, "partB_write_keras3_fixtures.py")
_VENV_PYTHON = os.path.expanduser("~/.cache/keras3-bench-venv/bin/python")
_CACHE = os.path.join(tempfile.gettempdir(), "keras_partB_keras3_fixtures")

# name -> (builder, keyword arguments, input shape), as in the writer script.
MODELS = {
    "mobilenet_a025": (mobilenet.MobileNet, dict(alpha=0.25, classes=10), (32, 32, 3)),
    "mobilenet_v3_small": (mobilenet_v3.MobileNetV3Small, {}, (64, 64, 3)),
    "efficientnet_b0": (efficientnet.EfficientNetB0, {}, (64, 64, 3)),
    "nasnet_mobile": (nasnet.NASNetMobile, {}, (64, 64, 3)),
}


def check_predictions(name, folder, prefix="", suffix=".weights.h5"):
    builder, kwargs, shape = MODELS[name]
    model = builder(
        weights=None, input_shape=shape, classifier_activation=None, **kwargs
    )
    model.load_weights(os.path.join(folder, prefix + name + suffix))
    data = np.load(os.path.join(folder, prefix + name + ".npz"))
    preds = np.asarray(model.predict(data["x"], verbose=0))
    # 1e-4, relative to the largest logit for NASNet's (about 1e3 on unscaled images).
    scale = max(1.0, float(np.abs(data["y"]).max()))
    np.testing.assert_allclose(preds, data["y"], rtol=1e-4, atol=1e-4 * scale)
    # The weights are not the initial ones: the file did change the model.
    fresh = builder(weights=None, input_shape=shape, classifier_activation=None, **kwargs)
    assert not np.allclose(np.asarray(fresh.predict(data["x"], verbose=0)), data["y"])


def test_mobilenet_weights_from_keras3():
    check_predictions("mobilenet_a025", _TESTDATA, prefix="partB_")


def test_weights_file_through_the_weights_argument():
    path = os.path.join(_TESTDATA, "partB_mobilenet_a025.weights.h5")
    model = mobilenet.MobileNet(
        weights=path,
        alpha=0.25,
        classes=10,
        input_shape=(32, 32, 3),
        classifier_activation=None,
    )
    data = np.load(os.path.join(_TESTDATA, "partB_mobilenet_a025.npz"))
    preds = np.asarray(model.predict(data["x"], verbose=0))
    np.testing.assert_allclose(preds, data["y"], rtol=1e-4, atol=1e-4)


def _generated(name):
    """The folder holding `name`'s Keras-written files, generating them once."""
    if not os.path.exists(os.path.join(_CACHE, name + ".npz")):
        env = dict(os.environ, KERAS_BACKEND="jax", PYTHONPATH="")
        subprocess.run(
            [_VENV_PYTHON, _WRITER, "weights", _CACHE, name],
            check=True,
            cwd=tempfile.gettempdir(),  # so `import keras` is the real Keras 3
            env=env,
            capture_output=True,
        )
    return _CACHE


@pytest.mark.skipif(
    not os.path.exists(_VENV_PYTHON),
    reason="needs the Keras 3.15.1 venv to write the ~10/22 MB weight files "
    "(too big to commit)",
)
@pytest.mark.parametrize("name", ["mobilenet_v3_small", "efficientnet_b0", "nasnet_mobile"])
def test_full_size_weights_from_keras3(name):
    check_predictions(name, _generated(name))


@pytest.mark.skipif(
    not os.path.exists(_VENV_PYTHON),
    reason="needs the Keras 3.15.1 venv to write the ~20 MB legacy .h5 file "
    "(too big to commit)",
)
def test_nasnet_legacy_h5_from_keras3():
    # Legacy files hold no layer paths: weights load by position, so this passes only
    # when our NASNet lists its layers in Keras's order (by depth from the outputs).
    check_predictions("nasnet_mobile", _generated("nasnet_mobile"), suffix=".h5")
