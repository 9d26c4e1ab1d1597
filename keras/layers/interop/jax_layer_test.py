"""JaxLayer: call_fn signature detection, params/state as variables, init_fn at build,
training with fit (params and a state counter), saving, config and argument errors."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops

ON_JAX = keras.backend.backend() == "jax"
needs_jax = pytest.mark.skipif(
    not ON_JAX, reason="JaxLayer calls JAX functions on JAX arrays: jax backend only"
)

RNG = np.random.default_rng(0)
X = RNG.standard_normal((32, 3)).astype("float32")
Y = X @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def mlp_init(rng, inputs):
    import jax

    k1, k2 = jax.random.split(rng)
    return {
        "hidden": {
            "w": 0.5 * jax.random.normal(k1, (inputs.shape[-1], 4)),
            "b": jax.numpy.zeros((4,)),
        },
        "out": [0.5 * jax.random.normal(k2, (4, 1))],
    }


def mlp_call(params, inputs):
    import jax.numpy as jnp

    hidden = jnp.tanh(inputs @ params["hidden"]["w"] + params["hidden"]["b"])
    return hidden @ params["out"][0]


def _mlp_reference(w, b, v, x):
    out = np.zeros((x.shape[0], v.shape[1]))
    for n in range(x.shape[0]):
        hidden = [
            np.tanh(sum(x[n, i] * w[i, j] for i in range(w.shape[0])) + b[j])
            for j in range(w.shape[1])
        ]
        for k in range(v.shape[1]):
            out[n, k] = sum(hidden[j] * v[j, k] for j in range(len(hidden)))
    return out


def _mlp_values(layer):
    params = layer.params
    return (
        _np(params["hidden"]["w"]),
        _np(params["hidden"]["b"]),
        _np(params["out"][0]),
    )


@needs_jax
def test_init_fn_params_become_trainable_variables():
    layer = layers.JaxLayer(mlp_call, init_fn=mlp_init, seed=1)
    out = _np(layer(X[:5]))
    # Flattened in jax's tree order: hidden/b, hidden/w, out/0.
    assert [tuple(v.shape) for v in layer.trainable_weights] == [(4,), (3, 4), (4, 1)]
    assert layer.non_trainable_weights == []
    np.testing.assert_allclose(
        out, _mlp_reference(*_mlp_values(layer), X[:5]), rtol=1e-5, atol=1e-6
    )
    # The same seed gives the same initial parameters.
    again = layers.JaxLayer(mlp_call, init_fn=mlp_init, seed=1)
    again(X[:1])
    for a, b in zip(layer.weights, again.weights):
        np.testing.assert_array_equal(_np(a), _np(b))


@needs_jax
def test_fit_trains_the_params():
    layer = layers.JaxLayer(mlp_call, init_fn=mlp_init, seed=2)
    model = keras.Sequential([keras.Input((3,)), layer])
    assert model.output_shape == (None, 1)
    before = [_np(v).copy() for v in layer.weights]
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    losses = model.fit(X, Y, epochs=4, batch_size=8, verbose=0).history["loss"]
    assert losses[-1] < losses[0]
    assert all(not np.allclose(a, _np(b)) for a, b in zip(before, layer.weights))
    np.testing.assert_allclose(
        _np(model.predict(X, verbose=0)),
        _mlp_reference(*_mlp_values(layer), X),
        rtol=1e-4,
        atol=1e-5,
    )


def counting_call(params, state, inputs, training):
    import jax.numpy as jnp

    outputs = inputs @ params["w"]
    if training:
        state = {
            "count": state["count"] + 1.0,
            "mean": 0.5 * state["mean"] + 0.5 * jnp.mean(inputs, axis=0),
        }
    return outputs, state


@needs_jax
def test_state_is_non_trainable_and_updated_in_training():
    w0 = RNG.standard_normal((3, 1)).astype("float32")
    layer = layers.JaxLayer(
        counting_call,
        params={"w": w0},
        state={"count": np.zeros((), "float32"), "mean": np.zeros((3,), "float32")},
    )
    model = keras.Sequential([keras.Input((3,)), layer])
    assert len(layer.trainable_weights) == 1
    assert [tuple(v.shape) for v in layer.non_trainable_weights] == [(), (3,)]
    model.compile(optimizer="sgd", loss="mse")
    model.fit(X, Y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    count, mean = (_np(v) for v in layer.non_trainable_weights)
    assert count == 4.0  # one update per batch
    expected = np.zeros(3)
    for start in range(0, 32, 8):
        expected = 0.5 * expected + 0.5 * X[start : start + 8].mean(axis=0)
    np.testing.assert_allclose(mean, expected, rtol=1e-5, atol=1e-6)
    assert not np.allclose(_np(layer.trainable_weights[0]), w0)
    # Inference leaves the state alone.
    model.predict(X, verbose=0)
    assert _np(layer.non_trainable_weights[0]) == 4.0
    np.testing.assert_allclose(
        _np(layer(X[:3])), X[:3] @ _np(layer.trainable_weights[0]), rtol=1e-5
    )


@needs_jax
def test_rng_argument_gets_fresh_keys():
    def noisy(rng, inputs):
        import jax

        return inputs + jax.random.normal(rng, inputs.shape)

    layer = layers.JaxLayer(noisy, seed=3)
    zeros = np.zeros((2, 2), "float32")
    first, second = _np(layer(zeros)), _np(layer(zeros))
    assert not np.allclose(first, second)
    assert first.std() > 0.1


@needs_jax
def test_weights_file_round_trip(tmp_path):
    model = keras.Sequential(
        [keras.Input((3,)), layers.JaxLayer(mlp_call, init_fn=mlp_init, seed=4)]
    )
    expected = _np(model.predict(X, verbose=0))
    path = str(tmp_path / "jax.weights.h5")
    model.save_weights(path)
    other = keras.Sequential(
        [keras.Input((3,)), layers.JaxLayer(mlp_call, init_fn=mlp_init, seed=5)]
    )
    assert not np.allclose(_np(other.predict(X, verbose=0)), expected)
    other.load_weights(path)
    np.testing.assert_allclose(_np(other.predict(X, verbose=0)), expected, rtol=1e-6)


@needs_jax
def test_config_round_trip():
    call_fn = keras.saving.register_keras_serializable("interop_test")(mlp_call)
    init_fn = keras.saving.register_keras_serializable("interop_test")(mlp_init)
    layer = layers.JaxLayer(call_fn, init_fn=init_fn, name="mlp")
    config = layer.get_config()
    assert sorted(config) == [
        "call_fn",
        "dtype",
        "init_fn",
        "name",
        "native_serialization_platforms",
        "trainable",
    ]
    clone = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(layer)
    )
    assert clone.call_fn is mlp_call and clone.init_fn is mlp_init
    assert clone.name == "mlp"


@needs_jax
def test_argument_errors():
    with pytest.raises(ValueError, match="Missing required argument in `call_fn`"):
        layers.JaxLayer(lambda params, state: params, params={})
    with pytest.raises(ValueError, match="Unsupported argument in `call_fn`: `extra`"):
        layers.JaxLayer(lambda inputs, extra: inputs)
    with pytest.raises(ValueError, match="cannot all be None"):
        layers.JaxLayer(mlp_call)
    with pytest.raises(ValueError, match="Unsupported argument in `init_fn`"):
        layers.JaxLayer(mlp_call, init_fn=lambda key, inputs: {})
    with pytest.raises(TypeError, match="`call_fn` must be a callable"):
        layers.JaxLayer("not a function")


@pytest.mark.skipif(ON_JAX, reason="checks the error raised on the other backends")
def test_other_backends_refuse():
    with pytest.raises(ValueError, match="requires the jax backend"):
        layers.JaxLayer(lambda inputs: inputs)
