"""Bidirectional: merge modes, states, initial_state, masks, backward_layer, stateful
layers, weights, config and argument errors, against per-step NumPy references."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.backends import active
from keras.layers.rnn import numpy_reference as ref
from keras.layers.testing import FIT_GAPS

RNG = np.random.default_rng(3)
X = RNG.standard_normal((2, 5, 3)).astype("float32")
MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _randomize(layer):
    weights = [
        RNG.normal(0, 0.5, np.shape(w)).astype("float32") for w in layer.get_weights()
    ]
    layer.set_weights(weights)
    return weights


def _lstm_reference(layer, x, states=None, mask=None):
    """(forward outputs, backward outputs in input order, forward states, backward
    states) of a Bidirectional LSTM with NumPy loops."""
    weights = _np_weights(layer)
    units = layer.forward_layer.cell.units
    zeros = [np.zeros((x.shape[0], units))] * 2
    forward_states, backward_states = (zeros, zeros) if states is None else states
    fw, _, fw_states = ref.run(
        lambda x_t, s: ref.lstm_step(x_t, s, *weights[:3]),
        x, forward_states, mask=mask, zero_output_for_mask=True,
    )
    bw, _, bw_states = ref.run(
        lambda x_t, s: ref.lstm_step(x_t, s, *weights[3:]),
        x, backward_states, mask=mask, go_backwards=True, zero_output_for_mask=True,
    )
    return fw, bw[:, ::-1], fw_states, bw_states


def _np_weights(layer):
    return [_np(w) for w in layer.weights]


def test_merge_modes_of_sequences_match_numpy():
    # unroll=True: a Python loop over the 5 steps, far quicker eagerly on jax than
    # a compiled scan per call (the other tests cover the scan).
    base = layers.Bidirectional(layers.LSTM(4, return_sequences=True, unroll=True))
    base.build(X.shape)
    weights = _randomize(base)
    fw, bw, _, _ = _lstm_reference(base, X)
    wants = {
        "concat": np.concatenate([fw, bw], axis=-1),
        "sum": fw + bw,
        "mul": fw * bw,
        "ave": (fw + bw) / 2,
    }
    for merge_mode, want in wants.items():
        layer = layers.Bidirectional(
            layers.LSTM(4, return_sequences=True, unroll=True), merge_mode=merge_mode
        )
        layer.build(X.shape)
        layer.set_weights(weights)
        np.testing.assert_allclose(_np(layer(X)), want, rtol=1e-5, atol=1e-5)
        want_shape = (None, 5, 8) if merge_mode == "concat" else (None, 5, 4)
        assert layer.compute_output_shape((None, 5, 3)) == want_shape
    layer = layers.Bidirectional(
        layers.LSTM(4, return_sequences=True, unroll=True), merge_mode=None
    )
    layer.build(X.shape)
    layer.set_weights(weights)
    got = layer(X)
    assert isinstance(got, tuple) and len(got) == 2
    np.testing.assert_allclose(_np(got[0]), fw, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(got[1]), bw, rtol=1e-5, atol=1e-5)
    assert layer.compute_output_shape((None, 5, 3)) == ((None, 5, 4), (None, 5, 4))
    masks = layer.compute_mask(X, MASK)
    assert len(masks) == 2
    np.testing.assert_array_equal(_np(masks[1]), MASK)


def test_last_output_return_state_order_and_initial_state_split():
    layer = layers.Bidirectional(layers.LSTM(3, return_state=True))
    layer.build(X.shape)
    _randomize(layer)
    initial = [RNG.standard_normal((2, 3)).astype("float32") for _ in range(4)]
    outputs = layer(X, initial_state=initial)
    assert len(outputs) == 5
    fw, bw, fw_states, bw_states = _lstm_reference(
        layer, X, states=(initial[:2], initial[2:])
    )
    # The backward layer's last output is the one of input step 0.
    want = np.concatenate([fw[:, -1], bw[:, 0]], axis=-1)
    np.testing.assert_allclose(_np(outputs[0]), want, rtol=1e-5, atol=1e-5)
    for got, expected in zip(outputs[1:], fw_states + bw_states):
        np.testing.assert_allclose(_np(got), expected, rtol=1e-5, atol=1e-5)
    shapes = layer.compute_output_shape((2, 5, 3))
    assert shapes == ((2, 6), (2, 3), (2, 3), (2, 3), (2, 3))
    with pytest.raises(ValueError, match="initial_state"):
        layer(X, initial_state=initial[:3])


def test_mask_aligns_the_reversed_backward_sequence():
    layer = layers.Bidirectional(
        layers.LSTM(3, return_sequences=True), merge_mode="sum"
    )
    layer.build(X.shape)
    _randomize(layer)
    fw, bw, _, _ = _lstm_reference(layer, X, mask=MASK)
    got = layer(X, mask=MASK)
    np.testing.assert_allclose(_np(got), fw + bw, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(_np(got)[0, 3:], np.zeros((2, 3)))
    np.testing.assert_array_equal(_np(layer.compute_mask(X, MASK)), MASK)
    # A mask coming from an upstream layer reaches both directions too.
    masked = np.where(MASK[..., None], X, 0.0).astype("float32")
    model = keras.Sequential([keras.Input((5, 3)), layers.Masking(0.0), layer])
    got = _np(model.predict(masked, verbose=0))
    np.testing.assert_allclose(got, fw + bw, rtol=1e-5, atol=1e-5)


def test_weights_order_names_and_weights_argument():
    layer = layers.Bidirectional(
        layers.GRU(2, return_sequences=True, name="gru"), name="bi"
    )
    layer.build((2, 5, 3))
    assert [w.path for w in layer.weights] == [
        "bi/forward_gru/gru_cell/kernel",
        "bi/forward_gru/gru_cell/recurrent_kernel",
        "bi/forward_gru/gru_cell/bias",
        "bi/backward_gru/gru_cell/kernel",
        "bi/backward_gru/gru_cell/recurrent_kernel",
        "bi/backward_gru/gru_cell/bias",
    ]
    assert not layer.forward_layer.go_backwards and layer.backward_layer.go_backwards
    given = [RNG.standard_normal(np.shape(w)).astype("float32") for w in layer.weights]
    seeded = layers.Bidirectional(
        layers.GRU(2, return_sequences=True), weights=given
    )
    seeded.build((2, 5, 3))
    for got, want in zip(seeded.get_weights(), given):
        np.testing.assert_array_equal(got, want)


def test_backward_layer_argument_is_used_and_checked():
    backward = layers.SimpleRNN(2, go_backwards=True, unroll=True, name="mine")
    layer = layers.Bidirectional(
        layers.SimpleRNN(3, unroll=True), backward_layer=backward, merge_mode="concat"
    )
    assert layer.backward_layer is backward
    layer.build(X.shape)
    w = _randomize(layer)
    fw, _, _ = ref.run(
        lambda x_t, s: ref.simple_rnn_step(x_t, s, *w[:3]), X, [np.zeros((2, 3))]
    )
    bw, _, _ = ref.run(
        lambda x_t, s: ref.simple_rnn_step(x_t, s, *w[3:]), X, [np.zeros((2, 2))],
        go_backwards=True,
    )
    want = np.concatenate([fw[:, -1], bw[:, -1]], axis=-1)
    np.testing.assert_allclose(_np(layer(X)), want, rtol=1e-5, atol=1e-5)
    assert layer.compute_output_shape((2, 5, 3)) == (2, 5)
    with pytest.raises(ValueError, match="go_backwards"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2))
    with pytest.raises(ValueError, match="return_sequences"):
        layers.Bidirectional(
            layers.LSTM(2),
            backward_layer=layers.LSTM(2, go_backwards=True, return_sequences=True),
        )
    with pytest.raises(ValueError, match="backward_layer"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.Dense(2))


def test_argument_errors():
    with pytest.raises(ValueError, match="merge_mode.*received merge_mode='max'"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="`layer` must be a `keras.layers.Layer`"):
        layers.Bidirectional("lstm")
    with pytest.raises(ValueError, match="go_backwards"):
        layers.Bidirectional(layers.Dense(2))


def test_config_round_trip_keeps_names_and_predictions():
    layer = layers.Bidirectional(
        layers.LSTM(3, return_sequences=True, unroll=True, name="lstm"),
        merge_mode="mul",
        name="bi",
    )
    layer.build(X.shape)
    _randomize(layer)
    config = layer.get_config()
    assert list(config) == [
        "name", "trainable", "dtype", "merge_mode", "layer", "backward_layer"
    ]
    assert config["layer"]["config"]["name"] == "forward_lstm"
    assert config["backward_layer"]["config"]["go_backwards"] is True
    # Masked steps output zeros in both directions (so the two sequences line up).
    assert config["layer"]["config"]["zero_output_for_mask"] is True
    again = layers.Bidirectional.from_config(config)
    assert again.forward_layer.name == "forward_lstm"
    assert again.backward_layer.name == "backward_lstm"
    again.build(X.shape)
    assert again.get_config() == config
    again.set_weights(layer.get_weights())
    np.testing.assert_allclose(_np(again(X)), _np(layer(X)), rtol=1e-6)


def test_stateful_carries_both_directions_and_resets():
    layer = layers.Bidirectional(layers.SimpleRNN(2, stateful=True, unroll=True))
    first = _np(layer(X))
    assert len(layer.states) == 2
    assert all(np.any(_np(s) != 0) for s in layer.states)
    second = _np(layer(X))
    assert not np.allclose(first, second)
    layer.reset_states()
    for state in layer.states:
        np.testing.assert_array_equal(_np(state), np.zeros((2, 2)))
    np.testing.assert_allclose(_np(layer(X)), first, rtol=1e-6, atol=1e-6)


def test_symbolic_call_in_a_functional_model():
    inputs = keras.Input((None, 3))
    outputs = layers.Bidirectional(layers.GRU(2, return_sequences=True))(inputs)
    assert outputs.shape == (None, None, 4)
    model = keras.Model(inputs, outputs)
    assert model.predict(X, verbose=0).shape == (2, 5, 4)


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_one_fit_step_moves_both_directions():
    model = keras.Sequential(
        [
            keras.Input((5, 3)),
            layers.Bidirectional(layers.LSTM(2, unroll=True), merge_mode="ave"),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    before = [np.array(w) for w in model.get_weights()]
    history = model.fit(X, np.ones((2, 2), "float32"), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    after = model.get_weights()
    # The forward kernel (first) and the backward kernel (fourth) both train.
    assert not np.allclose(before[0], after[0])
    assert not np.allclose(before[3], after[3])
