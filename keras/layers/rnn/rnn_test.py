"""RNN over any cell, StackedRNNCells, masks from upstream layers, stateful layers and
argument errors."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.backends import active
from keras.layers.rnn import numpy_reference as ref
from keras.layers.testing import FIT_GAPS
from keras.layers.testing import run_layer_test

RNG = np.random.default_rng(1)
X = RNG.standard_normal((2, 5, 3)).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _randomize(layer):
    weights = [
        RNG.normal(0, 0.5, np.shape(w)).astype("float32") for w in layer.get_weights()
    ]
    layer.set_weights(weights)
    return weights


class SumCell(layers.Layer):
    """A cell with two states of different sizes and no get_initial_state:
    a_t = a + x @ k, b_t = b + 1; output tanh(a_t)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, 2]
        self.output_size = units

    def build(self, input_shape):
        self.k = self.add_weight(shape=(input_shape[-1], self.units), name="k")

    def call(self, inputs, states):
        a, b = states
        a = a + ops.matmul(inputs, self.k)
        return ops.tanh(a), [a, b + 1.0]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_custom_cell_with_two_states_and_zero_initial_states():
    layer = layers.RNN(SumCell(4), return_sequences=True, return_state=True)
    outputs, a, b = layer(X)
    k = _np(layer.cell.k)
    want_a = np.cumsum(X @ k, axis=1)
    np.testing.assert_allclose(_np(outputs), np.tanh(want_a), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_np(a), want_a[:, -1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_np(b), np.full((2, 2), 5.0))


def test_stacked_cells_match_the_reference_and_return_nested_states():
    cells = [layers.LSTMCell(4), layers.GRUCell(3)]
    layer = layers.RNN(cells, return_sequences=True, return_state=True)
    layer.build(X.shape)
    assert isinstance(layer.cell, layers.StackedRNNCells)
    assert layer.cell.state_size == [[4, 4], 3] and layer.cell.output_size == 3
    w = _randomize(layer)
    outputs, lstm_states, gru_state = layer(X)

    def step(x_t, states):
        h1, states1 = ref.lstm_step(x_t, states[:2], w[0], w[1], w[2])
        h2, states2 = ref.gru_step(h1, states[2:], w[3], w[4], w[5])
        return h2, states1 + states2

    zeros = [np.zeros((2, 4)), np.zeros((2, 4)), np.zeros((2, 3))]
    want, _, want_states = ref.run(step, X, zeros)
    np.testing.assert_allclose(_np(outputs), want, rtol=1e-5, atol=1e-5)
    assert len(lstm_states) == 2
    for got, expected in zip([*lstm_states, gru_state], want_states):
        np.testing.assert_allclose(_np(got), expected, rtol=1e-5, atol=1e-5)
    symbolic = layer(keras.Input((5, 3)))
    assert tuple(symbolic[0].shape) == (None, 5, 3)
    assert [tuple(s.shape) for s in symbolic[1]] == [(None, 4), (None, 4)]
    assert tuple(symbolic[2].shape) == (None, 3)


def test_stacked_rnn_paths_and_config_round_trip():
    layer = layers.RNN([layers.SimpleRNNCell(4), layers.GRUCell(2)], name="stack")
    layer(X)
    assert [w.path.split("/")[-1] for w in layer.weights] == [
        "kernel", "recurrent_kernel", "bias"] * 2
    assert layer.weights[3].path.startswith("stack/stacked_rnn_cells")
    config = layer.get_config()
    clone = layers.RNN.from_config(config)
    assert clone.get_config() == config
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(_np(clone(X)), _np(layer(X)), rtol=1e-6)


def test_embedding_mask_zero_upstream():
    tokens = np.array([[3, 1, 4, 0, 0, 0], [2, 7, 1, 8, 2, 0]], "int32")
    inputs = keras.Input((6,), dtype="int32")
    embedded = layers.Embedding(10, 3, mask_zero=True)(inputs)
    lstm = layers.LSTM(4, return_sequences=True)
    model = keras.Model(inputs, lstm(embedded))
    model.layers[1].set_weights([RNG.standard_normal((10, 3)).astype("float32")])
    w = _randomize(lstm)
    got = _np(model.predict(tokens, verbose=0))
    x = _np(model.layers[1](tokens))
    zeros = [np.zeros((2, 4))] * 2
    want, _, _ = ref.run(
        lambda x_t, s: ref.lstm_step(x_t, s, *w), x, zeros, mask=tokens != 0
    )
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    # The padded steps repeat the last real output.
    np.testing.assert_allclose(got[0, 3:], np.repeat(got[0, 2:3], 3, 0), rtol=1e-6)


@pytest.mark.parametrize("return_sequences", [False, True])
def test_zero_output_for_mask(return_sequences):
    mask = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1]], bool)
    layer = layers.RNN(
        layers.SimpleRNNCell(3), return_sequences=return_sequences,
        zero_output_for_mask=True,
    )
    layer.build(X.shape)
    w = _randomize(layer)
    want, last, _ = ref.run(
        lambda x_t, s: ref.simple_rnn_step(x_t, s, *w), X, [np.zeros((2, 3))],
        mask=mask, zero_output_for_mask=True,
    )
    got = _np(layer(X, mask=mask))
    # As Keras 3: the last output is the last step's, zeros when that step is masked.
    np.testing.assert_allclose(got, want if return_sequences else last, atol=1e-6)


def test_stateful_continues_from_the_last_states():
    layer = layers.GRU(4, stateful=True, return_sequences=True)
    whole = layers.GRU(4, return_sequences=True)
    layer.build(X.shape)
    whole.build(X.shape)
    whole.set_weights(_randomize(layer))
    first = _np(layer(X[:, :2]))
    second = _np(layer(X[:, 2:]))
    np.testing.assert_allclose(
        np.concatenate([first, second], 1), _np(whole(X)), rtol=1e-5, atol=1e-6
    )
    assert len(layer.states) == 1
    np.testing.assert_allclose(_np(layer.states[0]), second[:, -1], rtol=1e-6)
    # As in Keras the states are neither weights nor saved; they are variables, so
    # that compiled steps carry them.
    assert len(layer.weights) == 3
    assert any(v is layer.states[0] for v in layer.non_trainable_variables)
    layer.reset_states()
    np.testing.assert_array_equal(_np(layer.states[0]), np.zeros((2, 4)))
    np.testing.assert_allclose(_np(layer(X[:, :2])), first, rtol=1e-6)
    layer.reset_state()
    np.testing.assert_array_equal(_np(layer.states[0]), np.zeros((2, 4)))


def test_stateful_lstm_has_both_states():
    layer = layers.LSTM(3, stateful=True, return_state=True)
    _, h, c = layer(X)
    assert len(layer.states) == 2
    np.testing.assert_allclose(_np(layer.states[0]), _np(h), rtol=1e-6)
    np.testing.assert_allclose(_np(layer.states[1]), _np(c), rtol=1e-6)
    assert layers.LSTM(3).states is None


def test_rnn_layer_harness_with_stacked_cells():
    run_layer_test(
        layers.RNN,
        init_kwargs={
            "cell": [layers.LSTMCell(3), layers.SimpleRNNCell(2)],
            "return_sequences": True,
        },
        input_shape=(2, 4, 3),
        expected_output_shape=(2, 4, 2),
        expected_num_trainable_weights=6,
        supports_masking=True,
        run_mixed_precision_check=False,
    )


def test_errors():
    with pytest.raises(ValueError, match="`cell`"):
        layers.RNN(3)
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(3))
    with pytest.raises(ValueError, match="initial_state"):
        layers.LSTM(3)(X, initial_state=[np.zeros((2, 3), "float32")])
    with pytest.raises(ValueError, match="batch size must be static"):
        layers.LSTM(3, stateful=True)(keras.Input((5, 3)))
    with pytest.raises(ValueError, match="unroll"):
        layers.GRU(3, unroll=True)(keras.Input((None, 3)))
    with pytest.raises(ValueError, match="cells"):
        layers.StackedRNNCells([])


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_stateful_fit_carries_the_states_between_batches():
    model = keras.Sequential(
        [keras.Input((5, 3), batch_size=2), layers.LSTM(3, stateful=True)]
    )
    model.compile(optimizer="sgd", loss="mse")
    model.fit(X, np.ones((2, 3), "float32"), batch_size=2, epochs=1, verbose=0)
    state = _np(model.layers[0].states[0])
    assert np.all(np.isfinite(state)) and np.any(state != 0)
    model.layers[0].reset_states()
    np.testing.assert_array_equal(_np(model.layers[0].states[0]), np.zeros((2, 3)))


def test_functional_initial_state_from_an_encoder():
    encoder_inputs = keras.Input((5, 3))
    decoder_inputs = keras.Input((4, 2))
    encoder = layers.LSTM(6, return_state=True)
    decoder = layers.LSTM(6, return_sequences=True)
    _, h, c = encoder(encoder_inputs)
    model = keras.Model(
        [encoder_inputs, decoder_inputs], decoder(decoder_inputs, initial_state=[h, c])
    )
    a = RNG.standard_normal((2, 5, 3)).astype("float32")
    b = RNG.standard_normal((2, 4, 2)).astype("float32")
    got = _np(model.predict([a, b], verbose=0))
    _, h, c = encoder(a)
    w = decoder.get_weights()
    want, _, _ = ref.run(
        lambda x_t, s: ref.lstm_step(x_t, s, *w), b, [_np(h), _np(c)]
    )
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_mask_with_go_backwards():
    mask = np.array([[1, 1, 1, 0, 0], [0, 1, 0, 1, 1]], bool)
    layer = layers.GRU(3, return_sequences=True, go_backwards=True)
    layer.build(X.shape)
    w = _randomize(layer)
    want, _, _ = ref.run(
        lambda x_t, s: ref.gru_step(x_t, s, *w), X, [np.zeros((2, 3))], mask=mask,
        go_backwards=True,
    )
    np.testing.assert_allclose(_np(layer(X, mask=mask)), want, rtol=1e-5, atol=1e-5)
