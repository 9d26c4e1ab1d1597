"""Quantized models cross between Keras 3 and this keras with the same outputs.

testdata/*.keras were written by Keras 3.15.1 (testdata/make_quantized_fixtures.py):
int8, int4 (groups of 128, of 4, and per channel) MLPs of Dense, stacks of
EinsumDense, and Embedding / ReversibleEmbedding (tied and untied) models. The other
direction runs the real Keras 3 on files saved here, when its virtual environment
(KERAS3_PYTHON, default ~/.cache/keras3-bench-venv/bin/python) is present.
testdata/quantized_values.npz (testdata/make_quantized_values.py) holds the variables
Keras 3.15.1's `layer.quantize` gives from fixed float weights: ours must be the same.
"""

import glob
import importlib.util
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import keras

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = sorted(glob.glob(os.path.join(HERE, "testdata", "*.keras")))
KERAS3 = os.environ.get(
    "KERAS3_PYTHON", os.path.expanduser("~/.cache/keras3-bench-venv/bin/python")
)


def _outputs(model, x):
    out = model.predict(x, verbose=0)
    return [np.asarray(o) for o in (out if isinstance(out, list) else [out])]


def _assert_close(actual, expected):
    for got, want in zip(actual, expected):
        scale = max(float(np.abs(want).max()), 1e-6)
        assert np.abs(got - want).max() / scale < 1e-5


@pytest.mark.parametrize("path", FIXTURES, ids=[os.path.basename(p) for p in FIXTURES])
def test_keras3_quantized_model_loads_with_same_outputs(path):
    data = np.load(path[: -len(".keras")] + ".npz")
    model = keras.saving.load_model(path)
    expected = [data[f"y{i}"] for i in range(len(data.files) - 1)]
    _assert_close(_outputs(model, data["x"]), expected)
    # The layers came back quantized, not as float layers with int weights.
    modes = {layer.quantization_mode for layer in model.layers if layer.weights}
    assert modes == {"int8" if path.endswith("int8.keras") else "int4"}


def _values_cases():
    spec = importlib.util.spec_from_file_location(
        "make_quantized_values", os.path.join(HERE, "testdata", "make_quantized_values.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cases()


def test_quantize_gives_the_variables_keras3_gives():
    expected = np.load(os.path.join(HERE, "testdata", "quantized_values.npz"))
    checked = set()
    for case, layer, x, kwargs in _values_cases():
        for variable in layer.weights:
            key = f"{case}/{variable.name}"
            got = np.asarray(keras.ops.convert_to_numpy(variable))
            want = expected[key]
            assert got.dtype == want.dtype and got.shape == want.shape, key
            if want.dtype.kind == "f":
                np.testing.assert_allclose(got, want, rtol=1e-6, atol=0, err_msg=key)
            else:
                np.testing.assert_array_equal(got, want, err_msg=key)
            checked.add(key)
        outputs = np.asarray(keras.ops.convert_to_numpy(layer(x, **kwargs)))
        _assert_close([outputs], [expected[f"{case}/outputs"]])
        checked.add(f"{case}/outputs")
    # Every array in the file was compared (grouped int4 included).
    assert checked == set(expected.files)


def _our_models():
    rng = np.random.default_rng(3)
    inputs = keras.Input((16,))
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    mlp = keras.Model(inputs, keras.layers.Dense(8)(hidden))
    tokens = keras.Input((5,), dtype="int32")
    table = keras.layers.ReversibleEmbedding(20, 8, tie_weights=False)
    einsum = keras.layers.EinsumDense("abc,cde->abde", (5, 2, 4), bias_axes="de")
    embedded = table(tokens)
    mixed = keras.Model(tokens, [table(embedded, reverse=True), einsum(embedded)])
    return [
        (mlp, rng.normal(size=(3, 16)).astype("float32")),
        (mixed, rng.integers(0, 20, size=(3, 5)).astype("int32")),
    ]


@pytest.mark.skipif(
    not os.path.exists(KERAS3),
    reason="needs the real Keras 3 in a separate virtual environment (KERAS3_PYTHON)",
)
@pytest.mark.parametrize("mode", ["int8", "int4"])
def test_our_quantized_models_load_in_keras3(tmp_path, mode):
    for index, (model, x) in enumerate(_our_models()):
        model.quantize(mode)
        path = str(tmp_path / f"model{index}.keras")
        model.save(path)
        model.save_weights(str(tmp_path / f"model{index}.weights.h5"))
        np.savez(str(tmp_path / f"model{index}.npz"), x=x, *_outputs(model, x))
        script = textwrap.dedent(
            f"""
            import numpy as np, keras
            data = np.load({path[:-6] + '.npz'!r})
            model = keras.saving.load_model({path!r})
            model.load_weights({path[:-6] + '.weights.h5'!r})
            out = model.predict(data["x"], verbose=0)
            out = out if isinstance(out, list) else [out]
            for i, o in enumerate(out):
                want = data["arr_%d" % i]
                err = np.abs(np.asarray(o) - want).max() / max(np.abs(want).max(), 1e-6)
                assert err < 1e-5, (i, err)
            print("same outputs")
            """
        )
        env = dict(os.environ, KERAS_BACKEND="numpy")
        env.pop("PYTHONPATH", None)
        result = subprocess.run(
            [KERAS3, "-c", script],
            cwd=str(tmp_path),
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert "same outputs" in result.stdout, result.stderr[-3000:]


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
