"""SimpleRNN, LSTM and GRU (and their cells) against per-step NumPy references; weights,
configs and the layer harness."""

import numpy as np
import pytest

from keras import layers
from keras import ops
from keras.layers.rnn import numpy_reference as ref
from keras.layers.testing import run_layer_test

RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 6, 4)).astype("float32")
MASK = np.array(
    [[1, 1, 1, 1, 0, 0], [0, 1, 1, 0, 1, 1], [1, 1, 1, 1, 1, 1]], dtype=bool
)

# (layer class, kwargs, numpy step, number of states)
CASES = {
    "simple_rnn": (layers.SimpleRNN, {}, ref.simple_rnn_step, 1),
    "lstm": (layers.LSTM, {}, ref.lstm_step, 2),
    "gru": (layers.GRU, {}, ref.gru_step, 1),
    "gru_reset_before": (
        layers.GRU,
        {"reset_after": False},
        lambda x, s, k, r, b: ref.gru_step(x, s, k, r, b, reset_after=False),
        1,
    ),
    "lstm_no_bias": (layers.LSTM, {"use_bias": False}, ref.lstm_step, 2),
}


def _randomize(layer):
    """Replaces every weight by a normal draw (biases included), returns them."""
    weights = [
        RNG.normal(0, 0.5, np.shape(w)).astype("float32") for w in layer.get_weights()
    ]
    layer.set_weights(weights)
    return weights


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _reference(name, weights, x, states=None, **kwargs):
    _, _, step, n_states = CASES[name]
    kernel, recurrent_kernel = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else None
    units = recurrent_kernel.shape[0]
    if states is None:
        states = [np.zeros((x.shape[0], units))] * n_states
    return ref.run(
        lambda x_t, s: step(x_t, s, kernel, recurrent_kernel, bias), x, states, **kwargs
    )


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("go_backwards", [False, True])
def test_matches_the_numpy_reference(name, go_backwards):
    cls, kwargs, _, n_states = CASES[name]
    layer = cls(5, return_sequences=True, return_state=True, go_backwards=go_backwards,
                **kwargs)
    layer.build(X.shape)
    weights = _randomize(layer)
    outputs, *states = layer(X)
    want, _, want_states = _reference(name, weights, X, go_backwards=go_backwards)
    np.testing.assert_allclose(_np(outputs), want, rtol=1e-5, atol=1e-5)
    assert len(states) == n_states
    for got, expected in zip(states, want_states):
        np.testing.assert_allclose(_np(got), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("return_sequences", [False, True])
def test_masked_steps_keep_the_state(name, return_sequences):
    cls, kwargs, _, _ = CASES[name]
    layer = cls(5, return_sequences=return_sequences, **kwargs)
    layer.build(X.shape)
    weights = _randomize(layer)
    got = layer(X, mask=MASK)
    outputs, last, _ = _reference(name, weights, X, mask=MASK)
    want = outputs if return_sequences else last
    np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["lstm", "gru"])
def test_initial_state(name):
    cls, kwargs, _, n_states = CASES[name]
    layer = cls(5, return_sequences=True, **kwargs)
    layer.build(X.shape)
    weights = _randomize(layer)
    states = [RNG.standard_normal((3, 5)).astype("float32") for _ in range(n_states)]
    got = layer(X, initial_state=states if n_states > 1 else states[0])
    want, _, _ = _reference(name, weights, X, states=states)
    np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["simple_rnn", "lstm", "gru"])
def test_unroll_gives_the_loop_results(name):
    cls, kwargs, _, _ = CASES[name]
    looped = cls(5, return_sequences=True, **kwargs)
    unrolled = cls(5, return_sequences=True, unroll=True, **kwargs)
    looped.build(X.shape)
    unrolled.build(X.shape)
    unrolled.set_weights(_randomize(looped))
    np.testing.assert_allclose(
        _np(unrolled(X, mask=MASK)), _np(looped(X, mask=MASK)), rtol=1e-6, atol=1e-6
    )


def test_weights_names_shapes_and_order_are_keras_ones():
    expected = {
        layers.SimpleRNN: [
            ("simple_rnn_cell/kernel", (4, 5)),
            ("simple_rnn_cell/recurrent_kernel", (5, 5)),
            ("simple_rnn_cell/bias", (5,)),
        ],
        layers.LSTM: [
            ("lstm_cell/kernel", (4, 20)),
            ("lstm_cell/recurrent_kernel", (5, 20)),
            ("lstm_cell/bias", (20,)),
        ],
        layers.GRU: [
            ("gru_cell/kernel", (4, 15)),
            ("gru_cell/recurrent_kernel", (5, 15)),
            ("gru_cell/bias", (2, 15)),
        ],
    }
    for cls, want in expected.items():
        layer = cls(5)
        layer(X)
        got = [(w.path.split("/", 1)[1], tuple(w.shape)) for w in layer.weights]
        assert got == want
        assert layer.weights[0].path.split("/")[0] == layer.name
    layer = layers.GRU(5, reset_after=False)
    layer(X)
    assert tuple(layer.cell.bias.shape) == (15,)


def test_lstm_unit_forget_bias_starts_the_forget_gate_at_one():
    layer = layers.LSTM(3, bias_initializer="random_normal")
    layer.build(X.shape)
    bias = _np(layer.cell.bias)
    np.testing.assert_array_equal(bias[3:6], np.ones(3))
    assert np.all(bias[:3] != 1.0) and np.all(bias[6:] != 1.0)
    plain = layers.LSTM(3, unit_forget_bias=False)
    plain.build(X.shape)
    np.testing.assert_array_equal(_np(plain.cell.bias), np.zeros(12))


_RNN_KEYS = [
    "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards",
    "stateful", "unroll", "zero_output_for_mask", "units", "activation", "use_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "activity_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout",
]


def test_config_keys_are_keras_ones():
    # The key sets Keras 3.15.1 writes (SimpleRNN leaves out `seed`, LSTM and GRU do
    # not; none writes `use_cudnn`).
    assert sorted(layers.SimpleRNN(2).get_config()) == sorted(_RNN_KEYS)
    assert sorted(layers.LSTM(2).get_config()) == sorted(
        _RNN_KEYS + ["recurrent_activation", "unit_forget_bias", "seed"]
    )
    assert sorted(layers.GRU(2).get_config()) == sorted(
        _RNN_KEYS + ["recurrent_activation", "reset_after", "seed"]
    )
    cell_keys = {"name", "trainable", "dtype", "units", "activation", "use_bias",
                 "dropout", "recurrent_dropout", "seed"}
    assert cell_keys <= set(layers.SimpleRNNCell(2).get_config())
    assert "unit_forget_bias" in layers.LSTMCell(2).get_config()
    assert layers.GRUCell(2, reset_after=False).get_config()["reset_after"] is False
    layer = layers.GRU(3, dropout=0.25, seed=4, reset_after=False, go_backwards=True)
    clone = layers.GRU.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert clone.reset_after is False and clone.dropout == 0.25 and clone.go_backwards


@pytest.mark.parametrize("name", ["simple_rnn", "lstm", "gru", "gru_reset_before"])
@pytest.mark.parametrize("return_sequences", [False, True])
def test_layer_harness(name, return_sequences):
    cls, kwargs, _, _ = CASES[name]
    units = 3
    steps = 5
    shape = (2, steps, units) if return_sequences else (2, units)
    run_layer_test(
        cls,
        init_kwargs={"units": units, "return_sequences": return_sequences, **kwargs},
        input_shape=(2, steps, 4),
        expected_output_shape=shape,
        expected_num_trainable_weights=3,
        expected_num_seed_generators=0,
        supports_masking=True,
        rtol=1e-5,
        atol=1e-5,
    )


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_layer_harness_with_dropout_trains(cls):
    run_layer_test(
        cls,
        init_kwargs={"units": 3, "dropout": 0.3, "recurrent_dropout": 0.3, "seed": 1},
        input_shape=(2, 4, 3),
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=3,
        expected_num_seed_generators=1,
        supports_masking=True,
    )


def test_harness_with_an_input_mask():
    run_layer_test(
        layers.LSTM,
        init_kwargs={"units": 3, "return_sequences": True},
        input_shape=(2, 4, 3),
        input_mask=MASK[:2, :4],
        expected_output_shape=(2, 4, 3),
        expected_num_trainable_weights=3,
        supports_masking=True,
        expected_mask_shape=(2, 4),
    )


def test_return_state_masks_only_the_sequence():
    layer = layers.LSTM(3, return_sequences=True, return_state=True)
    outputs = layer(X, mask=MASK)
    assert [tuple(o.shape) for o in outputs] == [(3, 6, 3), (3, 3), (3, 3)]
    mask = layer.compute_mask(X, MASK)
    assert len(mask) == 3 and mask[1] is None and mask[2] is None
    np.testing.assert_array_equal(_np(mask[0]), MASK)
    assert layers.LSTM(3).compute_mask(X, MASK) is None


def test_cells_run_one_step_like_the_reference():
    states = [RNG.standard_normal((3, 4)).astype("float32") for _ in range(2)]
    x_t = X[:, 0]
    for cell, step in [
        (layers.SimpleRNNCell(4), ref.simple_rnn_step),
        (layers.LSTMCell(4), ref.lstm_step),
        (layers.GRUCell(4), ref.gru_step),
    ]:
        cell.build(x_t.shape)
        weights = _randomize(cell)
        n = len(cell.state_size) if isinstance(cell.state_size, list) else 1
        out, new = cell(x_t, [ops.convert_to_tensor(s) for s in states[:n]])
        want, want_states = step(x_t, states[:n], *weights)
        np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
        for got, expected in zip(new, want_states):
            np.testing.assert_allclose(_np(got), expected, rtol=1e-5, atol=1e-5)


def test_dropout_uses_one_mask_for_every_step():
    # Identity recurrence, no input: h_t = mask * h_{t-1}, so after 3 steps each unit
    # is 0 or (1 / keep)**3 = 8 when the same mask is reused at every step.
    layer = layers.SimpleRNN(
        6, activation=None, kernel_initializer="zeros",
        recurrent_initializer="identity", recurrent_dropout=0.5, seed=3,
    )
    x = np.ones((4, 3, 2), "float32")
    out = _np(layer(x, initial_state=np.ones((4, 6), "float32"), training=True))
    assert set(np.unique(out)) <= {0.0, 8.0}
    assert 0 < np.count_nonzero(out) < out.size
    np.testing.assert_array_equal(
        _np(layer(x, initial_state=np.ones((4, 6), "float32"))), np.ones((4, 6))
    )


def test_gru_recurrent_dropout_spares_the_blend():
    # z = 1 (large update bias): h_t = h_{t-1}, whatever the dropped products give.
    layer = layers.GRU(4, kernel_initializer="zeros", recurrent_initializer="zeros",
                       recurrent_dropout=0.5, seed=1)
    layer.build((2, 3, 3))
    bias = np.zeros((2, 12), "float32")
    bias[0, :4] = 100.0
    layer.cell.bias.assign(bias)
    out = layer(np.ones((2, 3, 3), "float32"), initial_state=np.ones((2, 4), "float32"),
                training=True)
    np.testing.assert_allclose(_np(out), np.ones((2, 4)), rtol=1e-6)


def test_argument_errors():
    with pytest.raises(ValueError, match="units"):
        layers.LSTM(0)
    with pytest.raises(ValueError, match="dropout"):
        layers.GRU(3, dropout=1.5)
    with pytest.raises(ValueError, match="use_cudnn"):
        layers.LSTM(3, use_cudnn="yes")
    assert layers.GRU(3, use_cudnn=False).use_cudnn is False


def test_attributes_read_through_to_the_cell():
    layer = layers.LSTM(7, recurrent_dropout=0.2, unit_forget_bias=False)
    assert layer.units == 7 and layer.recurrent_dropout == 0.2
    assert layer.unit_forget_bias is False
    assert layer.cell.name == "lstm_cell"
