"""Per-step NumPy references of the recurrent cells and the RNN loop, for the tests."""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def simple_rnn_step(x, states, kernel, recurrent_kernel, bias):
    (h,) = states
    out = np.tanh(x @ kernel + h @ recurrent_kernel + (0 if bias is None else bias))
    return out, [out]


def lstm_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + (0 if bias is None else bias)
    i, f, g, o = np.split(z, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, [h, c]


def gru_step(x, states, kernel, recurrent_kernel, bias, reset_after=True):
    (h,) = states
    units = h.shape[-1]
    if bias is None:
        input_bias = recurrent_bias = 0.0
    elif reset_after:
        input_bias, recurrent_bias = bias[0], bias[1]
    else:
        input_bias, recurrent_bias = bias, 0.0
    x_z, x_r, x_h = np.split(x @ kernel + input_bias, 3, axis=-1)
    u_z, u_r, u_h = np.split(recurrent_kernel, 3, axis=-1)
    if reset_after:
        b_z, b_r, b_h = np.split(np.broadcast_to(recurrent_bias, (3 * units,)), 3)
        z = sigmoid(x_z + h @ u_z + b_z)
        r = sigmoid(x_r + h @ u_r + b_r)
        candidate = np.tanh(x_h + r * (h @ u_h + b_h))
    else:
        z = sigmoid(x_z + h @ u_z)
        r = sigmoid(x_r + h @ u_r)
        candidate = np.tanh(x_h + (r * h) @ u_h)
    h = z * h + (1 - z) * candidate
    return h, [h]


def run(step, x, states, mask=None, go_backwards=False, zero_output_for_mask=False):
    """Steps `step(x_t, states)` over axis 1 of `x` (batch, time, features), one time
    step at a time, with Keras's masking (a masked step keeps the states and outputs
    the previous output, or zeros).

    Returns `(outputs (batch, time, units), last_output, final_states)`; with
    `go_backwards` the outputs come in processing order.
    """
    steps = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    states = [np.array(s, dtype="float64") for s in states]
    previous = states[0]
    outputs = []
    for t in steps:
        out, new_states = step(x[:, t].astype("float64"), states)
        if mask is not None:
            keep = mask[:, t][:, None]
            new_states = [np.where(keep, n, s) for n, s in zip(new_states, states)]
            out = np.where(keep, out, 0.0 if zero_output_for_mask else previous)
        states = new_states
        previous = out
        outputs.append(out)
    outputs = np.stack(outputs, axis=1)
    return outputs, outputs[:, -1], states
