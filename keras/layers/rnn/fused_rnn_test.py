"""LSTM and GRU through a backend's fused loop (the registry's "nn.lstm" and "nn.gru"
entries: torch._VF on torch, a tf.while_loop with the input projection hoisted out of
it on tensorflow, on jax a lax.scan with a written-out gradient for the LSTM): the same outputs, states and gradients as the
step-by-step reference loop (eagerly and, on tensorflow and jax, inside a tf.function or
jax.jit as the trainer runs it), NumPy
references of the gate orders, and the fallback to the reference when the
configuration or the inputs do not qualify."""

import os

import numpy as np
import pytest

from keras import layers
from keras import ops
from keras.backends import active
from keras.layers.rnn import lstm as lstm_module
from keras.layers.rnn import numpy_reference as ref

RNG = np.random.default_rng(7)
X = RNG.standard_normal((3, 5, 4)).astype("float32")
# Right-padded: lengths 5, 3, 1.
RIGHT_PADDED = np.array(
    [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]], dtype=bool
)
LEFT_PADDED = RIGHT_PADDED[:, ::-1].copy()

FUSED_BACKENDS = ("torch", "tensorflow", "jax")  # jax: the LSTM only

needs_fused = pytest.mark.skipif(
    active.name not in FUSED_BACKENDS
    or os.environ.get("KERAS_REFERENCE_OPS", "") == "1",
    reason="only the torch, tensorflow and jax backends register fused LSTM/GRU loops "
    "(nn.lstm, nn.gru), and KERAS_REFERENCE_OPS=1 turns them off",
)
# On tensorflow and jax the layer also runs inside a tf.function or jax.jit, as the
# trainer runs it: the fused loop then sees symbolic tensors or tracers.
TRACED = (False, True) if active.name in ("tensorflow", "jax") else (False,)


def _skip_unless_fused(cls, mask=None):
    """jax registers the LSTM's loop only."""
    if active.name == "jax" and cls is layers.GRU:
        pytest.skip(
            "jax registers only the LSTM's loop (nn.lstm): GRU runs the reference "
            "lax.scan"
        )


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _make(cls, units=6, **kwargs):
    layer = cls(units, **kwargs)
    layer.build(X.shape)
    weights = [
        RNG.normal(0, 0.5, np.shape(w)).astype("float32") for w in layer.get_weights()
    ]
    layer.set_weights(weights)
    return layer, weights


def _numpy_run(cls, weights, mask=None, go_backwards=False, initial=None):
    """NumPy's (outputs, last_output, states) of the layer's weights, float64."""
    kernel, recurrent_kernel, bias = weights
    units = recurrent_kernel.shape[0]
    if cls is layers.LSTM:
        step = ref.lstm_step
        states = initial or [np.zeros((3, units)), np.zeros((3, units))]
    else:
        step = ref.gru_step
        states = initial or [np.zeros((3, units))]
    return ref.run(
        lambda x, s: step(x, s, kernel, recurrent_kernel, bias),
        X,
        states,
        mask=mask,
        go_backwards=go_backwards,
    )


class _Counting:
    """Wraps the fused loops so that a test can tell which path ran."""

    def __init__(self, monkeypatch):
        self.taken = []
        for name in ("lstm", "gru"):
            loop = lstm_module._fused_loop(name)
            if loop is None:
                continue
            monkeypatch.setitem(lstm_module._FUSED, name, self._wrap(name, loop))

    def _wrap(self, name, loop):
        def counted(*args, **kwargs):
            result = loop(*args, **kwargs)
            self.taken.append((name, result is not NotImplemented))
            return result

        return counted


def _as_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize(
    "kwargs, mask",
    [
        ({}, None),
        ({"return_sequences": True, "return_state": True}, None),
        ({"go_backwards": True, "return_sequences": True}, None),
        ({"return_sequences": True, "return_state": True}, RIGHT_PADDED),
    ],
)
def test_outputs_and_states_match_numpy(cls, kwargs, mask):
    # Whatever path the backend takes (fused on torch), the values are NumPy's.
    layer, weights = _make(cls, **kwargs)
    out = _as_list(layer(X, mask=None if mask is None else ops.convert_to_tensor(mask)))
    outputs, last, states = _numpy_run(
        cls, weights, mask=mask, go_backwards=kwargs.get("go_backwards", False)
    )
    want = [outputs if kwargs.get("return_sequences") else last]
    if kwargs.get("return_state"):
        want += states
    assert len(out) == len(want)
    for got, expected in zip(out, want):
        np.testing.assert_allclose(_np(got), expected, rtol=1e-4, atol=1e-5)


# Masks only the tensorflow and jax loops take (torch's packed sequences need right
# padding and no go_backwards): left padding, holes, an empty sequence.
HOLES = np.array([[1, 0, 1, 1, 0], [0, 0, 0, 0, 0], [1, 1, 0, 1, 1]], dtype=bool)
MASKS_BEYOND_TORCH = (
    []
    if active.name not in ("tensorflow", "jax")
    else [
        ({"return_sequences": True, "return_state": True}, LEFT_PADDED, True),
        ({"return_sequences": True, "go_backwards": True}, HOLES, True),
        ({"return_state": True, "zero_output_for_mask": True}, HOLES, False),
        ({"return_sequences": True, "zero_output_for_mask": True}, HOLES, True),
    ]
)


def _weighted_sum(out, convert, total):
    # A weighted sum, so that every output element gets its own cotangent. The shapes
    # are the NumPy references' (a traced output may not know its static shape).
    shapes = {2: (3, 6), 3: (3, 5, 6)}
    terms = []
    for o in out:
        shape = shapes[len(o.shape)]
        weights = np.linspace(-1.0, 1.0, int(np.prod(shape))).reshape(shape)
        terms.append(total(o * convert(weights.astype("float32"))))
    return sum(terms)


def _torch_forward_and_grads(layer, x, mask, initial_state, traced):
    import torch

    x = torch.tensor(x, requires_grad=True)
    kwargs = {}
    if mask is not None:
        kwargs["mask"] = torch.tensor(mask)
    if initial_state is not None:
        kwargs["initial_state"] = [torch.tensor(s) for s in initial_state]
    out = _as_list(layer(x, **kwargs))
    params = [w.value for w in layer.trainable_weights]
    loss = _weighted_sum(out, torch.tensor, torch.sum)
    grads = torch.autograd.grad(loss, params + [x])
    return [o.detach().numpy() for o in out], [g.numpy() for g in grads]


def _tensorflow_forward_and_grads(layer, x, mask, initial_state, traced):
    import tensorflow as tf

    kwargs = {}
    if mask is not None:
        kwargs["mask"] = tf.constant(mask)
    if initial_state is not None:
        kwargs["initial_state"] = [tf.constant(s) for s in initial_state]
    # The engine's tf.Variables, as the trainer differentiates them.
    params = [w._value for w in layer.trainable_weights]

    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = _as_list(layer(x, **kwargs))
            loss = _weighted_sum(out, tf.constant, tf.reduce_sum)
        return out, tape.gradient(loss, params + [x])

    if traced:
        run = tf.function(run)
    out, grads = run(tf.constant(x))
    return [o.numpy() for o in out], [g.numpy() for g in grads]


def _jax_forward_and_grads(layer, x, mask, initial_state, traced):
    import jax
    import jax.numpy as jnp

    kwargs = {}
    if mask is not None:
        kwargs["mask"] = jnp.asarray(mask)
    if initial_state is not None:
        kwargs["initial_state"] = [jnp.asarray(s) for s in initial_state]
    trainable = [w.value for w in layer.trainable_weights]
    frozen = [w.value for w in layer.non_trainable_weights]

    def loss(params, x):
        out, _ = layer.stateless_call(params, frozen, x, **kwargs)
        out = _as_list(out)
        return _weighted_sum(out, jnp.asarray, jnp.sum), out

    run = jax.value_and_grad(loss, argnums=(0, 1), has_aux=True)
    if traced:
        run = jax.jit(run)
    (_, out), (d_params, d_x) = run(trainable, jnp.asarray(x))
    return [np.asarray(o) for o in out], [np.asarray(g) for g in list(d_params) + [d_x]]


def _forward_and_grads(layer, x, mask, initial_state, reference, traced=False):
    run = globals()[f"_{active.name}_forward_and_grads"]
    # The registry's run-time switch (registry.set_reference_only) on this backend.
    active.registry.reference_only = reference
    try:
        return run(layer, x, mask, initial_state, traced)
    finally:
        active.registry.reference_only = False


@needs_fused
@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize(
    "kwargs, mask, with_initial_state",
    [
        ({}, None, False),
        ({"return_sequences": True, "return_state": True}, None, True),
        ({"go_backwards": True, "return_sequences": True}, None, False),
        ({"return_sequences": True, "return_state": True}, RIGHT_PADDED, True),
        ({"return_sequences": True, "zero_output_for_mask": True}, RIGHT_PADDED, False),
    ]
    + MASKS_BEYOND_TORCH,
)
@pytest.mark.parametrize("traced", TRACED)
def test_fused_matches_reference_forward_and_gradients(
    cls, kwargs, mask, with_initial_state, traced, monkeypatch
):
    _skip_unless_fused(cls, mask)
    zero_output = kwargs.pop("zero_output_for_mask", False)
    layer, _ = _make(cls, **kwargs)
    layer.zero_output_for_mask = zero_output
    initial = None
    if with_initial_state:
        count = 2 if cls is layers.LSTM else 1
        initial = [RNG.standard_normal((3, 6)).astype("float32") for _ in range(count)]
    counting = _Counting(monkeypatch)
    fused_out, fused_grads = _forward_and_grads(layer, X, mask, initial, False, traced)
    name = cls.__name__.lower()
    # A tf.function may trace its body more than once: every call takes the loop.
    assert counting.taken and all(
        taken == (name, True) for taken in counting.taken
    ), "the fused loop did not run"
    seen = len(counting.taken)
    ref_out, ref_grads = _forward_and_grads(layer, X, mask, initial, True, traced)
    # With the registry off the loop is consulted and declines.
    assert counting.taken[seen:] and all(
        taken == (name, False) for taken in counting.taken[seen:]
    )
    assert len(fused_out) == len(ref_out)
    for got, want in zip(fused_out, ref_out):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # kernel, recurrent_kernel, bias, then the inputs.
    assert len(fused_grads) == 4
    for got, want in zip(fused_grads, ref_grads):
        assert np.abs(want).max() > 0
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@needs_fused
@pytest.mark.parametrize("name", ["lstm", "gru"])
def test_engine_gate_order_against_numpy(name):
    # The entry alone, in float64: Keras's gate order i, f, c, o (LSTM) and z, r, h
    # (GRU) (converted to torch's on torch) must give NumPy's per-step recurrence.
    _skip_unless_fused(layers.LSTM if name == "lstm" else layers.GRU)
    units = 5
    gates = 4 if name == "lstm" else 3
    kernel = RNG.normal(0, 0.5, (4, gates * units))
    recurrent_kernel = RNG.normal(0, 0.5, (units, gates * units))
    bias_shape = (gates * units,) if name == "lstm" else (2, gates * units)
    bias = RNG.normal(0, 0.5, bias_shape)
    count = 2 if name == "lstm" else 1
    states = [RNG.standard_normal((3, units)) for _ in range(count)]
    entry = lstm_module._fused_loop(name)
    tensors = [active.convert_to_tensor(a) for a in [X.astype("float64"), *states]]
    weights = [active.convert_to_tensor(a) for a in (kernel, recurrent_kernel, bias)]
    result = entry(*tensors, *weights, return_sequences=True)
    assert result is not NotImplemented
    last, outputs, *final = result
    step = ref.lstm_step if name == "lstm" else ref.gru_step
    want_outputs, want_last, want_states = ref.run(
        lambda x, s: step(x, s, kernel, recurrent_kernel, bias), X, states
    )
    tol = {"rtol": 1e-10, "atol": 1e-12}
    if _np(outputs).dtype != np.float64:
        # jax without jax_enable_x64 computes float64 requests in float32.
        assert active.name == "jax"
        tol = {"rtol": 1e-5, "atol": 1e-6}
    np.testing.assert_allclose(_np(outputs), want_outputs, **tol)
    np.testing.assert_allclose(_np(last), want_last, **tol)
    for got, want in zip(final, want_states):
        np.testing.assert_allclose(_np(got), want, **tol)


@needs_fused
@pytest.mark.parametrize(
    "cls, kwargs, mask",
    [
        (layers.LSTM, {"activation": "relu"}, None),
        (layers.LSTM, {"recurrent_activation": "hard_sigmoid"}, None),
        (layers.LSTM, {"use_bias": False}, None),
        (layers.LSTM, {"recurrent_dropout": 0.5}, None),
        (layers.LSTM, {"unroll": True}, None),
        (layers.LSTM, {"use_cudnn": False}, None),
        (layers.GRU, {"reset_after": False}, None),
    ]
    + (
        # torch's packed sequences take right padding without go_backwards only.
        [
            (layers.GRU, {}, LEFT_PADDED),
            (layers.LSTM, {"go_backwards": True}, RIGHT_PADDED),
        ]
        if active.name == "torch"
        else []
    ),
)
def test_fallback_when_a_condition_fails(cls, kwargs, mask, monkeypatch):
    layer, weights = _make(cls, return_sequences=True, **kwargs)
    counting = _Counting(monkeypatch)
    out = layer(X, mask=None if mask is None else ops.convert_to_tensor(mask))
    # The layer either skips the fused loop or the loop declines the inputs.
    assert all(not taken for _, taken in counting.taken), counting.taken
    if set(kwargs) & {"activation", "recurrent_activation", "use_bias", "reset_after"}:
        return  # other recurrences: their values are cells_test's subject
    outputs, _, _ = _numpy_run(
        cls, weights, mask=mask, go_backwards=kwargs.get("go_backwards", False)
    )
    np.testing.assert_allclose(_np(out), outputs, rtol=1e-4, atol=1e-5)


@needs_fused
def test_dropout_falls_back_in_training_only(monkeypatch):
    layer, weights = _make(layers.LSTM, dropout=0.5, seed=3)
    counting = _Counting(monkeypatch)
    layer(X, training=True)
    assert counting.taken == []
    out = layer(X, training=False)
    assert counting.taken == [("lstm", True)]
    _, last, _ = _numpy_run(layers.LSTM, weights)
    np.testing.assert_allclose(_np(out), last, rtol=1e-4, atol=1e-5)


@needs_fused
@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
def test_stateful_layer_carries_fused_states(cls, monkeypatch):
    _skip_unless_fused(cls)
    layer = cls(6, stateful=True, return_state=True)
    layer.build(X.shape)
    weights = [
        RNG.normal(0, 0.5, np.shape(w)).astype("float32") for w in layer.get_weights()
    ]
    layer.set_weights(weights)
    counting = _Counting(monkeypatch)
    first = layer(X)[1:]
    second = layer(X)[1:]
    name = cls.__name__.lower()
    assert counting.taken == [(name, True), (name, True)]
    _, _, states1 = _numpy_run(cls, weights)
    _, _, states2 = _numpy_run(cls, weights, initial=list(states1))
    for got, want in zip(first, states1):
        np.testing.assert_allclose(_np(got), want, rtol=1e-4, atol=1e-5)
    for got, want in zip(second, states2):
        np.testing.assert_allclose(_np(got), want, rtol=1e-4, atol=1e-5)
    for got, want in zip(layer.states, states2):
        np.testing.assert_allclose(_np(got), want, rtol=1e-4, atol=1e-5)


@pytest.mark.skipif(active.name != "jax", reason="jax's written-out LSTM gradient")
def test_jax_lstm_gradient_against_autodiff_of_the_scan():
    # Every argument's gradient (inputs, both initial states, the three weights),
    # with cotangents on every step's h and on the last c, against jax.grad of the
    # same scan without the custom rule.
    import jax
    import jax.numpy as jnp

    from keras.backends.jax import nn as jax_nn

    steps, batch, features, units = 5, 3, 4, 6
    shapes = [
        (steps, batch, features), (batch, units), (batch, units),
        (features, 4 * units), (units, 4 * units), (4 * units,),
    ]
    args = [RNG.normal(0, 0.5, s).astype("float32") for s in shapes]
    w_hs = RNG.standard_normal((steps, batch, units)).astype("float32")
    w_c = RNG.standard_normal((batch, units)).astype("float32")
    # No mask, and holes (a masked step passes the states' gradients through).
    holes = np.array([[1, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 1], [0, 0, 1]], bool)
    for keep in (None, jnp.asarray(holes[..., None])):

        def written_out(x, *rest):
            hs, c = jax_nn._lstm_time_major(x, keep, *rest)
            return jnp.sum(hs * w_hs) + jnp.sum(c * w_c)

        def autodiff(x, *rest):
            (_, c), hs = jax_nn._lstm_scan(x, keep, *rest, False)
            return jnp.sum(hs * w_hs) + jnp.sum(c * w_c)

        argnums = tuple(range(len(args)))
        got = jax.grad(written_out, argnums)(*args)
        want = jax.grad(autodiff, argnums)(*args)
        for g, w in zip(got, want):
            assert np.abs(np.asarray(w)).max() > 0
            np.testing.assert_allclose(
                np.asarray(g), np.asarray(w), rtol=1e-5, atol=1e-6
            )
