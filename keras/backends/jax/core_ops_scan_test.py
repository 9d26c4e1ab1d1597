"""The jax backend's eager `scan`: one compiled scan per step computation, with the
step's closed-over arrays passed as arguments (never baked in as stale constants)."""

import jax
import jax.numpy as jnp
import numpy as np

from keras.backends.jax import core_ops


def _reference(x, h0, w, u, mask=None, reverse=False):
    # An explicit loop: h_t = tanh(x_t w + h_{t-1} u) * mask, outputs stacked.
    h = h0.copy()
    ys = [None] * x.shape[0]
    steps = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
    for t in steps:
        h = np.tanh(x[t] @ w + h @ u)
        if mask is not None:
            h = h * mask
        ys[t] = h
    return h, np.stack(ys)


def _closure_step(w, u, mask=None):
    # A new function object per call, as an RNN layer builds one per call.
    def step(h, x_t):
        h = jnp.tanh(x_t @ w + h @ u)
        if mask is not None:
            h = h * mask
        return h, h

    return step


def _data(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(5, 2, 3)).astype("float32")
    h0 = rng.normal(size=(2, 4)).astype("float32")
    w = rng.normal(size=(3, 4)).astype("float32")
    u = rng.normal(size=(4, 4)).astype("float32")
    return x, h0, w, u


def test_new_closures_share_one_compiled_scan_with_fresh_constants():
    core_ops._EAGER_SCANS.clear()
    for seed in (0, 1, 2):
        x, h0, w, u = _data(seed)
        final, ys = core_ops.scan(_closure_step(jnp.asarray(w), u), h0, x)
        ref_final, ref_ys = _reference(x, h0, w, u)
        np.testing.assert_allclose(final, ref_final, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(ys, ref_ys, rtol=1e-5, atol=1e-5)
    # Three calls with different weights, one step computation: one compiled scan.
    assert len(core_ops._EAGER_SCANS) == 1


def test_closed_over_mask_changes_between_calls():
    x, h0, w, u = _data(3)
    for keep in ([1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 1.0, 0.0]):
        mask = np.asarray(keep, "float32")
        final, ys = core_ops.scan(_closure_step(w, u, jnp.asarray(mask)), h0, x)
        ref_final, ref_ys = _reference(x, h0, w, u, mask=mask)
        np.testing.assert_allclose(final, ref_final, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(ys, ref_ys, rtol=1e-5, atol=1e-5)


def test_reverse_and_a_different_structure_get_their_own_scans():
    core_ops._EAGER_SCANS.clear()
    x, h0, w, u = _data(4)
    final, ys = core_ops.scan(_closure_step(w, u), h0, x, reverse=True)
    ref_final, ref_ys = _reference(x, h0, w, u, reverse=True)
    np.testing.assert_allclose(final, ref_final, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ys, ref_ys, rtol=1e-5, atol=1e-5)

    # No xs: a counter over `length` steps.
    count, ys = core_ops.scan(lambda c, _: (c + 2.0, c), jnp.float32(1.0), length=4)
    np.testing.assert_allclose(count, 9.0)
    np.testing.assert_allclose(ys, [1.0, 3.0, 5.0, 7.0])
    assert len(core_ops._EAGER_SCANS) == 2


def test_gradient_through_closed_over_tracers_matches_reference():
    # Eager jax.grad: the weights are tracers the step closes over, so the scan
    # must fall back to a plain lax.scan and still differentiate.
    x, h0, w, u = _data(5)

    def loss(w):
        final, _ = core_ops.scan(_closure_step(w, u), h0, x)
        return jnp.sum(final)

    grad = jax.grad(loss)(jnp.asarray(w))
    # Central differences of the NumPy reference, one weight at a time.
    eps = 1e-2
    expected = np.zeros_like(w)
    for i in range(w.shape[0]):
        for j in range(w.shape[1]):
            plus, minus = w.astype("float64"), w.astype("float64")
            plus[i, j] += eps
            minus[i, j] -= eps
            up = _reference(x, h0, plus, u)[0].sum()
            down = _reference(x, h0, minus, u)[0].sum()
            expected[i, j] = (up - down) / (2 * eps)
    np.testing.assert_allclose(grad, expected, rtol=1e-2, atol=1e-2)


def test_scan_under_jit_traces_through():
    x, h0, w, u = _data(6)

    @jax.jit
    def run(w, h0, x):
        return core_ops.scan(_closure_step(w, u), h0, x)

    final, ys = run(w, h0, x)
    ref_final, ref_ys = _reference(x, h0, w, u)
    np.testing.assert_allclose(final, ref_final, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ys, ref_ys, rtol=1e-5, atol=1e-5)
