"""Discretization: buckets against np.digitize, the encodings, adapt's quantiles against
NumPy's, a fit step, config and argument errors (tf.data: tf_data_test)."""

import numpy as np
import pytest

import keras
from keras import config
from keras import ops
from keras.layers.preprocessing.discretization import Discretization
from keras.layers.preprocessing.discretization import QuantileSummary
from keras.layers.testing import run_layer_test
from keras.layers.testing import FIT_GAPS

BOUNDARIES = [-1.0, 0.0, 0.5, 2.0]


def _values(shape=(4, 5), seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32") * 1.5


def _encode(indices, depth, mode):
    """Explicit loops: one row of `depth` per sample (per id for one_hot)."""
    if mode == "one_hot":
        out = np.zeros(indices.shape + (depth,), "float32")
        for pos in np.ndindex(indices.shape):
            out[pos + (indices[pos],)] = 1.0
        return out
    out = np.zeros((indices.shape[0], depth), "float32")
    for row in range(indices.shape[0]):
        for index in indices[row]:
            out[row, index] = 1.0 if mode == "multi_hot" else out[row, index] + 1.0
    return out


def test_int_output_matches_np_digitize():
    x = _values()
    x[0, :4] = BOUNDARIES  # values on the boundaries go to the bin above
    run_layer_test(
        Discretization,
        init_kwargs={"bin_boundaries": BOUNDARIES},
        input_data=x,
        expected_output=np.digitize(x, BOUNDARIES),
        expected_output_shape=(4, 5),
        run_mixed_precision_check=False,
    )


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_encodings_match_explicit_counts(mode):
    x = _values((3, 4), seed=1)
    if mode == "one_hot":
        x = x[:, :1]
    y = ops.convert_to_numpy(
        Discretization(bin_boundaries=BOUNDARIES, output_mode=mode)(x)
    )
    indices = np.digitize(x, BOUNDARIES)
    if mode == "one_hot":
        indices = indices[:, 0]
    np.testing.assert_array_equal(y, _encode(indices, len(BOUNDARIES) + 1, mode))


def test_adapt_quantiles_match_numpy():
    x = np.random.default_rng(2).permutation(np.arange(1000.0)).reshape(-1, 1)
    layer = Discretization(num_bins=4, epsilon=0.01)
    layer.adapt(x)
    expected = np.quantile(x, [0.25, 0.5, 0.75], method="inverted_cdf")
    np.testing.assert_allclose(layer.bin_boundaries, expected, atol=1e-3)
    y = ops.convert_to_numpy(layer(x.astype("float32")))
    np.testing.assert_array_equal(y, np.digitize(x, expected))


def test_quantile_summary_stays_within_epsilon_when_compressing():
    rng = np.random.default_rng(3)
    values = rng.normal(size=20000)
    summary = QuantileSummary(0.01)
    for chunk in np.split(values, 20):
        summary.add(chunk)
    assert len(summary._values) < len(values) // 2  # it did compress
    boundaries = summary.quantiles(10)
    ranks = np.searchsorted(np.sort(values), boundaries) / len(values)
    np.testing.assert_allclose(ranks, np.arange(1, 10) / 10, atol=0.01)


def test_in_a_model_with_a_fit_step():
    if config.backend() in FIT_GAPS:
        pytest.skip(FIT_GAPS[config.backend()])
    x = _values((8, 3), seed=5)
    inputs = keras.Input((3,))
    encoded = Discretization(bin_boundaries=BOUNDARIES, output_mode="multi_hot")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(encoded))
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, x[:, :1], epochs=1, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    expected = _encode(np.digitize(x, BOUNDARIES), 5, "multi_hot")
    probe = keras.Model(inputs, encoded)
    y = ops.convert_to_numpy(probe.predict(x, verbose=0))
    np.testing.assert_array_equal(y, expected)


def test_config_matches_keras_and_round_trips():
    layer = Discretization(bin_boundaries=[0.0, 1.0])
    config_ = layer.get_config()
    assert list(config_) == [
        "bin_boundaries",
        "num_bins",
        "epsilon",
        "output_mode",
        "sparse",
        "name",
        "dtype",
    ]
    assert config_["bin_boundaries"] == [0.0, 1.0] and config_["dtype"] == "float32"
    assert Discretization.from_config(config_).get_config() == config_
    adapted = Discretization(num_bins=2)
    adapted.adapt(np.arange(10.0))
    restored = Discretization.from_config(adapted.get_config())
    assert restored.get_config() == adapted.get_config()
    assert restored.bin_boundaries == [4.0]


def test_argument_errors():
    with pytest.raises(ValueError, match="`output_mode`.*output_mode='bad'"):
        Discretization(num_bins=3, output_mode="bad")
    with pytest.raises(ValueError, match="neither"):
        Discretization()
    with pytest.raises(ValueError, match="not both.*num_bins=3"):
        Discretization(bin_boundaries=[1.0], num_bins=3)
    with pytest.raises(ValueError, match="`sparse`.*sparse=True"):
        Discretization(num_bins=3, sparse=True)
    with pytest.raises(ValueError, match="increasing"):
        Discretization(bin_boundaries=[1.0, 0.0])
    with pytest.raises(ValueError, match="`epsilon`"):
        Discretization(num_bins=3, epsilon=0.0)
    with pytest.raises(ValueError, match="call `adapt`"):
        Discretization(num_bins=3)(np.zeros((2, 1), "float32"))
