"""CategoryEncoding: one_hot, multi_hot and count (with weights) against explicit
counts, in a model, config and argument errors (tf.data: tf_data_test)."""

import numpy as np
import pytest

import keras
from keras import config
from keras import ops
from keras.layers.preprocessing.category_encoding import CategoryEncoding
from keras.layers.testing import run_layer_test
from keras.layers.testing import FIT_GAPS



def _ids(shape=(4, 3), seed=0, num_tokens=6):
    rng = np.random.default_rng(seed)
    return rng.integers(0, num_tokens, size=shape).astype("int32")


def _counts(ids, num_tokens, weights=None, binary=False):
    """Explicit loops over each sample's ids."""
    out = np.zeros((ids.shape[0], num_tokens), "float32")
    for row in range(ids.shape[0]):
        for col, index in enumerate(ids[row]):
            w = 1.0 if weights is None else weights[row, col]
            out[row, index] = 1.0 if binary else out[row, index] + w
    return out


def test_multi_hot_with_the_layer_harness():
    ids = _ids()
    run_layer_test(
        CategoryEncoding,
        init_kwargs={"num_tokens": 6},
        input_data=ids,
        expected_output=_counts(ids, 6, binary=True),
        expected_output_shape=(4, 6),
        run_mixed_precision_check=False,
    )


def test_count_with_and_without_weights():
    ids = _ids(seed=1)
    weights = np.random.default_rng(2).uniform(0.5, 2.0, ids.shape).astype("float32")
    layer = CategoryEncoding(num_tokens=6, output_mode="count")
    np.testing.assert_allclose(ops.convert_to_numpy(layer(ids)), _counts(ids, 6))
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(ids, count_weights=weights)),
        _counts(ids, 6, weights),
        rtol=1e-6,
    )


def test_one_hot_and_rank_one_inputs():
    ids = _ids((5, 1), seed=3)
    layer = CategoryEncoding(num_tokens=6, output_mode="one_hot")
    expected = np.eye(6, dtype="float32")[ids[:, 0]]
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(ids)), expected)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(ids[:, 0])), expected)
    assert layer.compute_output_shape((None, 1)) == (None, 6)
    # A rank-1 input to multi_hot/count is one sample.
    counts = CategoryEncoding(num_tokens=6, output_mode="count")(ids[:, 0])
    np.testing.assert_array_equal(
        ops.convert_to_numpy(counts), _counts(ids[:, 0][None], 6)[0]
    )


def test_in_a_model_with_a_fit_step():
    if config.backend() in FIT_GAPS:
        pytest.skip(FIT_GAPS[config.backend()])
    ids = _ids((8, 3), seed=5)
    inputs = keras.Input((3,), dtype="int32")
    encoded = CategoryEncoding(num_tokens=6)(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(encoded))
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(ids, np.ones((8, 1), "float32"), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    probe = keras.Model(inputs, encoded)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(probe.predict(ids, verbose=0)),
        _counts(ids, 6, binary=True),
    )


def test_config_matches_keras_and_round_trips():
    config_ = CategoryEncoding(num_tokens=4, output_mode="count").get_config()
    assert list(config_) == ["name", "trainable", "dtype", "num_tokens", "output_mode"]
    assert CategoryEncoding.from_config(config_).get_config() == config_


def test_argument_errors():
    with pytest.raises(ValueError, match="`output_mode`.*output_mode='bad'"):
        CategoryEncoding(num_tokens=4, output_mode="bad")
    with pytest.raises(ValueError, match="`num_tokens`.*num_tokens=None"):
        CategoryEncoding()
    with pytest.raises(ValueError, match="`num_tokens`.*num_tokens=0"):
        CategoryEncoding(num_tokens=0)
    with pytest.raises(ValueError, match="`count_weights`.*'multi_hot'"):
        CategoryEncoding(num_tokens=4)(
            np.array([[1]]), count_weights=np.array([[1.0]])
        )
