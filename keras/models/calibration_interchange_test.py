"""GPTQ and AWQ models cross between Keras 3.15.1 and this keras.

testdata/calibrated/*.keras were written by Keras 3.15.1 (make_calibrated_fixtures.py
there). Keras 3.15.1 saves GPTQ/AWQ layers without their zero points (and then cannot
load its own files: "expected 5 variables, but received 4"). A symmetric GPTQ file
still stands for its model (its zero points are 2**(bits - 1)) and loads here with the
same outputs; the others are refused with an error that says why. Our files hold every
variable in the order Keras 3.15.1's loader expects, and load there with the same
outputs when its virtual environment is present (KERAS3_PYTHON).
"""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import keras
from keras.models import calibration_testing

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata", "calibrated")
KERAS3 = os.environ.get(
    "KERAS3_PYTHON", os.path.expanduser("~/.cache/keras3-bench-venv/bin/python")
)


@pytest.mark.parametrize("case", ["gptq_sym", "gptq_sym8"])
def test_keras3_symmetric_gptq_files_load_with_the_same_outputs(case):
    data = np.load(os.path.join(HERE, f"calibrated_{case}.npz"))
    model = keras.saving.load_model(os.path.join(HERE, f"calibrated_{case}.keras"))
    got = np.asarray(model.predict(data["x"], verbose=0))
    want = data["y"]
    assert np.abs(got - want).max() / np.abs(want).max() < 1e-5
    e1 = model.get_layer("block").get_layer("e1")
    assert e1.quantization_mode == "gptq" and e1.gptq_unpacked_column_size is not None
    assert model.get_layer("d2").quantization_config.symmetric


@pytest.mark.parametrize("case", ["gptq_asym", "awq"])
def test_keras3_files_without_zero_points_are_refused(case):
    with pytest.raises(ValueError, match="without the zero points"):
        keras.saving.load_model(os.path.join(HERE, f"calibrated_{case}.keras"))


@pytest.mark.skipif(
    not os.path.exists(KERAS3),
    reason="needs the real Keras 3 in a separate virtual environment (KERAS3_PYTHON)",
)
@pytest.mark.parametrize("mode", ["gptq", "awq"])
def test_our_files_load_in_keras3_with_the_same_outputs(tmp_path, mode):
    model = calibration_testing.token_model()
    model.quantize(mode, config=calibration_testing.config(mode, model))
    x = calibration_testing.TOKENS[:8]
    path = str(tmp_path / "model.keras")
    model.save(path)
    np.save(str(tmp_path / "x.npy"), x)
    np.save(str(tmp_path / "y.npy"), np.asarray(model.predict(x, verbose=0)))
    script = textwrap.dedent(
        f"""
        import numpy as np, keras
        model = keras.saving.load_model({path!r})
        x, want = np.load("x.npy"), np.load("y.npy")
        got = np.asarray(model.predict(x, verbose=0))
        assert np.abs(got - want).max() / np.abs(want).max() < 1e-5
        assert model.get_layer("d2").dtype_policy.name.startswith({mode!r})
        print("same outputs")
        """
    )
    env = dict(os.environ, KERAS_BACKEND="numpy")
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [KERAS3, "-c", script], cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=300
    )
    assert "same outputs" in result.stdout, result.stderr[-3000:]


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
