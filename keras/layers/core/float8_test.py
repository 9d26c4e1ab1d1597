"""float8 quantization of Dense and EinsumDense: the variables, dtype policy and
config Keras 3.15.1 gives, outputs near float32, training with delayed scaling, and
a float8 model written (and trained) by Keras 3.15.1 that loads and trains alike.

testdata/float8/mlp_float8.* come from testdata/float8/make_float8_fixture.py.
"""

import os
import subprocess
import textwrap

import numpy as np
import pytest

import keras

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "testdata", "float8", "mlp_float8")
BACKEND = keras.backend.backend()
KERAS3 = os.environ.get(
    "KERAS3_PYTHON", os.path.expanduser("~/.cache/keras3-bench-venv/bin/python")
)
# OpenVINO has no float8 element type; numpy has float8 casts but no gradients.
NO_FLOAT8 = BACKEND == "openvino"
needs_float8 = pytest.mark.skipif(NO_FLOAT8, reason="openvino has no float8 dtypes")
needs_training = pytest.mark.skipif(
    BACKEND in ("numpy", "openvino"), reason=f"{BACKEND} cannot train (no gradients)"
)

# (name, shape, trainable, overwrite_with_gradient) of a float8 Dense(4) on 3 inputs.
SCALING = [
    ("inputs_scale", ()),
    ("inputs_amax_history", (1024,)),
    ("kernel_scale", ()),
    ("kernel_amax_history", (1024,)),
    ("outputs_grad_scale", ()),
    ("outputs_grad_amax_history", (1024,)),
]


def _describe(layer):
    return [
        (v.name, tuple(v.shape), v.dtype, v.trainable, v.overwrite_with_gradient)
        for v in layer.weights
    ]


def test_float8_variables_policy_and_config_as_keras3():
    layer = keras.layers.Dense(4)
    layer.build((None, 3))
    layer.quantize("float8")
    expected = [("kernel", (3, 4), "float32", True, False), ("bias", (4,), "float32", True, False)]
    expected += [(n, s, "float32", True, True) for n, s in SCALING]
    assert _describe(layer) == expected
    assert type(layer.dtype_policy).__name__ == "QuantizedFloat8DTypePolicy"
    assert layer.dtype_policy.name == "float8_from_float32"
    config = layer.get_config()
    assert config["dtype"]["config"] == {
        "mode": "float8", "source_name": "float32", "amax_history_length": 1024,
    }
    assert config["quantization_config"]["class_name"] == "Float8QuantizationConfig"
    assert keras.ops.convert_to_numpy(layer.inputs_scale) == 1.0
    assert not np.any(keras.ops.convert_to_numpy(layer.kernel_amax_history))


def test_float8_layer_built_from_its_policy():
    policy = keras.dtype_policies.QuantizedFloat8DTypePolicy(
        "float8", "float32", amax_history_length=7
    )
    layer = keras.layers.EinsumDense("ab,bc->ac", output_shape=5, bias_axes="c", dtype=policy)
    layer.build((None, 3))
    # As in Keras 3: the scaling variables come first, then the float kernel.
    names = [(v.name, tuple(v.shape)) for v in layer.weights]
    assert names == [(n, (7,) if s else ()) for n, s in SCALING] + [
        ("kernel", (3, 5)), ("bias", (5,))
    ]
    clone = keras.layers.EinsumDense.from_config(layer.get_config())
    assert clone.dtype_policy.amax_history_length == 7


@needs_float8
@pytest.mark.parametrize("kind", ["dense", "einsum"])
def test_float8_outputs_close_to_float32(kind):
    rng = np.random.default_rng(0)
    if kind == "dense":
        layer, x = keras.layers.Dense(16), rng.normal(size=(8, 32))
    else:
        layer = keras.layers.EinsumDense("abc,cd->abd", (4, 16), bias_axes="d")
        x = rng.normal(size=(8, 4, 32))
    x = x.astype("float32")
    layer.build(x.shape)
    reference = keras.ops.convert_to_numpy(layer(x))
    layer.quantize("float8")
    got = keras.ops.convert_to_numpy(layer(x))
    error = np.linalg.norm(got - reference) / np.linalg.norm(reference)
    # e4m3 keeps 3 mantissa bits: a few percent, not zero.
    assert 0 < error < 0.05


def test_float8_embedding_is_not_supported():
    layer = keras.layers.Embedding(5, 3)
    layer.build((None,))
    with pytest.raises(NotImplementedError, match="float8"):
        layer.quantize("float8")


def test_float8_with_lora_raises_on_call():
    layer = keras.layers.Dense(4, lora_rank=2)
    layer.build((None, 3))
    layer.quantize("float8")
    with pytest.raises(NotImplementedError, match="LoRA"):
        layer(np.ones((1, 3), "float32"))


@pytest.mark.skipif(not NO_FLOAT8, reason="this backend has float8 dtypes")
def test_float8_call_says_the_backend_has_no_float8():
    layer = keras.layers.Dense(4)
    layer.build((None, 3))
    layer.quantize("float8")
    with pytest.raises(Exception, match="float8"):
        layer(np.ones((1, 3), "float32"))


def _fixture_model(data):
    inputs = keras.Input((16,))
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(8)(hidden))
    for i, weight in enumerate(model.weights):
        weight.assign(data[f"w{i}"])
    model.quantize("float8")
    return model


@needs_float8
def test_keras3_float8_model_loads_with_same_outputs():
    data = np.load(FIXTURE + ".npz")
    model = keras.saving.load_model(FIXTURE + ".keras")
    assert {layer.quantization_mode for layer in model.layers if layer.weights} == {"float8"}
    got = model.predict(data["x"], verbose=0)
    np.testing.assert_allclose(got, data["y0"], rtol=1e-5, atol=1e-5)
    # Its scales were trained by Keras 3: not the initial ones.
    assert float(keras.ops.convert_to_numpy(model.layers[1].inputs_scale)) != 1.0


@needs_training
def test_float8_training_steps_match_keras3():
    data = np.load(FIXTURE + ".npz")
    model = _fixture_model(data)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    losses = [float(model.train_on_batch(x, y)) for x, y in zip(data["xs"], data["ys"])]
    np.testing.assert_allclose(losses, data["losses"], rtol=1e-4)
    trained = keras.saving.load_model(FIXTURE + ".keras")
    # The trained Keras 3 model lists its scaling variables first: match by name.
    theirs_by_name = {}
    for index, layer in enumerate(trained.layers):
        for variable in layer.weights:
            theirs_by_name[(index, variable.name)] = variable
    pairs = [
        (ours, theirs_by_name[(index, ours.name)])
        for index, layer in enumerate(model.layers)
        for ours in layer.weights
    ]
    assert len(pairs) == len(trained.weights) == 16
    for ours, theirs in pairs:
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(ours), keras.ops.convert_to_numpy(theirs),
            rtol=1e-4, atol=1e-6, err_msg=ours.path,
        )
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y0"], rtol=1e-4, atol=1e-5)


@needs_training
def test_float8_mlp_fits_and_updates_its_scaling(tmp_path):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(64, 8)).astype("float32")
    y = (x @ rng.normal(size=(8, 1))).astype("float32")
    keras.utils.set_random_seed(2)
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)]
    )
    model.quantize("float8")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=8, verbose=0).history["loss"]
    assert history[-1] < 0.5 * history[0]
    dense = model.layers[0]
    for name in ("inputs_scale", "kernel_scale", "outputs_grad_scale"):
        assert float(keras.ops.convert_to_numpy(getattr(dense, name))) != 1.0, name
    amax = keras.ops.convert_to_numpy(dense.inputs_amax_history)
    np.testing.assert_allclose(amax.max(), np.abs(x).max(), rtol=1e-6)
    # A saved and reloaded float8 model predicts the same.
    path = str(tmp_path / "float8.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


@needs_training
@pytest.mark.skipif(
    not os.path.exists(KERAS3),
    reason="needs the real Keras 3 in a separate virtual environment (KERAS3_PYTHON)",
)
def test_our_trained_float8_model_loads_in_keras3(tmp_path):
    data = np.load(FIXTURE + ".npz")
    model = _fixture_model(data)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    for x, y in zip(data["xs"], data["ys"]):
        model.train_on_batch(x, y)
    path = str(tmp_path / "ours.keras")
    model.save(path)
    scale = float(keras.ops.convert_to_numpy(model.layers[1].inputs_scale))
    np.savez(str(tmp_path / "ours.npz"), x=data["x"], y=model.predict(data["x"], verbose=0))
    script = textwrap.dedent(
        f"""
        import numpy as np, keras
        data = np.load({str(tmp_path / "ours.npz")!r})
        model = keras.saving.load_model({path!r})
        assert model.layers[1].dtype_policy.name == "float8_from_float32"
        assert abs(float(model.layers[1].inputs_scale.numpy()) - {scale!r}) < 1e-9
        out = model.predict(data["x"], verbose=0)
        err = np.abs(out - data["y"]).max() / np.abs(data["y"]).max()
        assert err < 1e-5, err
        print("same outputs")
        """
    )
    env = dict(os.environ, KERAS_BACKEND="jax")
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [KERAS3, "-c", script], cwd=str(tmp_path), env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert "same outputs" in result.stdout, result.stderr[-3000:]
