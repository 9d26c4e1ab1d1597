"""TimeDistributed: per-step results against NumPy, masks handed to the wrapped layer,
shapes, config and argument errors."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.backends import active
from keras.layers.testing import FIT_GAPS

RNG = np.random.default_rng(5)
X = RNG.standard_normal((2, 4, 3)).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


class MaskedScale(layers.Layer):
    """Multiplies each row by 2 where its mask is set and by -1 elsewhere; records the
    mask shape it received."""

    def call(self, inputs, mask=None):
        self.seen_mask_shape = None if mask is None else tuple(mask.shape)
        if mask is None:
            return inputs * 2.0
        keep = ops.expand_dims(ops.cast(mask, inputs.dtype), -1)
        return inputs * (3.0 * keep - 1.0)


def test_dense_at_every_step_matches_numpy():
    layer = layers.TimeDistributed(
        layers.Dense(5, activation="tanh", name="dense"), name="td"
    )
    got = _np(layer(X))
    kernel, bias = (_np(w) for w in layer.layer.weights)
    want = np.stack(
        [np.tanh(X[:, t] @ kernel + bias) for t in range(X.shape[1])], axis=1
    )
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert [w.path for w in layer.weights] == ["td/dense/kernel", "td/dense/bias"]
    assert layer.layer.get_build_config() == {"input_shape": (2, 3)}


def test_masks_reach_the_layer_per_step_and_pass_through():
    mask = np.array([[1, 1, 0, 0], [1, 0, 1, 1]], bool)
    inner = MaskedScale()
    layer = layers.TimeDistributed(inner)
    got = _np(layer(X, mask=mask))
    want = np.where(mask[..., None], 2.0 * X, -X)
    np.testing.assert_allclose(got, want, rtol=1e-6)
    assert inner.seen_mask_shape == (8,)
    np.testing.assert_array_equal(_np(layer.compute_mask(X, mask)), mask)
    assert layer.supports_masking
    np.testing.assert_allclose(_np(layer(X)), 2.0 * X, rtol=1e-6)


def test_output_shape_with_unknown_dims_and_inner_shape():
    layer = layers.TimeDistributed(layers.Conv1D(2, 3))
    assert layer.compute_output_shape((None, None, 6, 4)) == (None, None, 4, 2)
    inputs = keras.Input((None, 6, 4))
    outputs = layer(inputs)
    assert outputs.shape == (None, None, 4, 2)
    data = RNG.standard_normal((2, 3, 6, 4)).astype("float32")
    model = keras.Model(inputs, outputs)
    got = _np(model.predict(data, verbose=0))
    for t in range(3):
        np.testing.assert_allclose(
            got[:, t], _np(layer.layer(data[:, t])), rtol=1e-5, atol=1e-5
        )


def test_config_round_trip():
    layer = layers.TimeDistributed(layers.Dense(2, use_bias=False), name="td")
    layer.build((None, 4, 3))
    config = layer.get_config()
    assert list(config) == ["name", "trainable", "dtype", "layer"]
    assert config["layer"]["class_name"] == "Dense"
    assert config["layer"]["build_config"] == {"input_shape": [None, 3]}
    again = layers.TimeDistributed.from_config(config)
    assert again.get_config()["layer"]["config"] == config["layer"]["config"]
    again.build((None, 4, 3))
    again.set_weights(layer.get_weights())
    np.testing.assert_allclose(_np(again(X)), _np(layer(X)), rtol=1e-6)


def test_argument_errors():
    with pytest.raises(ValueError, match="`layer` must be a `keras.layers.Layer`"):
        layers.TimeDistributed(3)
    with pytest.raises(ValueError, match=r"at least 3 dimensions.*\(2, 3\)"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_one_fit_step_trains_the_wrapped_layer():
    model = keras.Sequential(
        [keras.Input((4, 3)), layers.TimeDistributed(layers.Dense(2))]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    before = model.get_weights()
    history = model.fit(X, np.ones((2, 4, 2), "float32"), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert not np.allclose(before[0], model.get_weights()[0])
