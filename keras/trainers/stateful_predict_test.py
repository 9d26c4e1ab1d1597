"""`predict` carries the states of a stateful RNN from batch to batch and from call to
call on every backend (the jitted jax step returns them), as Keras 3 does."""

import numpy as np
import pytest

import keras
from keras import layers
from keras.layers.testing import FIT_GAPS

UNITS = 3


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def _lstm_reference(batches, kernel, recurrent_kernel, bias):
    """The last outputs of each batch, the states flowing from one batch to the next
    (a NumPy LSTM: gates i, f, c, o; tanh and sigmoid)."""
    h = np.zeros((batches[0].shape[0], UNITS))
    c = np.zeros_like(h)
    outputs = []
    for batch in batches:
        for t in range(batch.shape[1]):
            z = batch[:, t] @ kernel + h @ recurrent_kernel + bias
            i, f, g, o = (z[:, k * UNITS : (k + 1) * UNITS] for k in range(4))
            c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
            h = _sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return outputs


def test_predict_carries_stateful_lstm_states_across_batches_and_calls():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3, 2)).astype("float32")
    lstm = layers.LSTM(UNITS, stateful=True)
    model = keras.Sequential([keras.Input((3, 2), batch_size=2), lstm])
    kernel, recurrent_kernel, bias = (w.astype("float64") for w in lstm.get_weights())
    first, second, third, fourth = _lstm_reference(
        [x[:2], x[2:], x[:2], x[2:]], kernel, recurrent_kernel, bias
    )

    once = model.predict(x, batch_size=2, verbose=0)
    np.testing.assert_allclose(
        once, np.concatenate([first, second]), rtol=1e-4, atol=1e-5
    )
    # The second call starts from the states the first left.
    again = model.predict(x, batch_size=2, verbose=0)
    np.testing.assert_allclose(
        again, np.concatenate([third, fourth]), rtol=1e-4, atol=1e-5
    )
    assert np.abs(again - once).max() > 1e-3

    lstm.reset_states()
    np.testing.assert_allclose(
        model.predict(x, batch_size=2, verbose=0), once, rtol=1e-5, atol=1e-6
    )
    # predict_on_batch carries them too.
    lstm.reset_states()
    for batch, expected in ((x[:2], first), (x[2:], second)):
        np.testing.assert_allclose(
            model.predict_on_batch(batch), expected, rtol=1e-4, atol=1e-5
        )


def _stateful_model():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 3, 2)).astype("float32")
    y = rng.standard_normal((4, UNITS)).astype("float32")
    lstm = layers.LSTM(UNITS, stateful=True)
    model = keras.Sequential([keras.Input((3, 2), batch_size=2), lstm])
    # A zero learning rate keeps the weights: the states are the only thing that moves.
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    kernel, recurrent_kernel, bias = (w.astype("float64") for w in lstm.get_weights())
    first, second, third, fourth = _lstm_reference(
        [x[:2], x[2:], x[:2], x[2:]], kernel, recurrent_kernel, bias
    )
    return model, lstm, x, y, (first, second, third, fourth)


def test_evaluate_carries_stateful_lstm_states_across_batches():
    model, lstm, x, y, (first, second, _, _) = _stateful_model()
    expected_loss = np.mean((np.concatenate([first, second]) - y) ** 2)

    loss = model.evaluate(x, y, batch_size=2, verbose=0)
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-4)
    state = keras.ops.convert_to_numpy(lstm.states[0])
    np.testing.assert_allclose(state, second, rtol=1e-4, atol=1e-5)


@pytest.mark.skipif(
    keras.backend.backend() in FIT_GAPS,
    reason=FIT_GAPS.get(keras.backend.backend(), ""),
)
def test_fit_continues_from_the_states_evaluate_left():
    model, lstm, x, y, (_, _, third, fourth) = _stateful_model()
    model.evaluate(x, y, batch_size=2, verbose=0)
    # fit continues from the states evaluate left (the third and fourth batches).
    history = model.fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0)
    np.testing.assert_allclose(
        history.history["loss"][0],
        np.mean((np.concatenate([third, fourth]) - y) ** 2),
        rtol=1e-4,
    )
    state = keras.ops.convert_to_numpy(lstm.states[0])
    np.testing.assert_allclose(state, fourth, rtol=1e-4, atol=1e-5)
