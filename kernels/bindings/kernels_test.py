"""The fused kernels through the public ops, on every backend with a binding: the
kernel path against NumPy references and against the backend's reference path
(`registry.set_kernels_enabled(False)`), forward and gradients."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import registry
from keras.ops import testing

from kernels.bindings import library
from kernels.bindings.references import ATTENTION_CASES
from kernels.bindings.references import make_attention_inputs
from kernels.bindings.references import np_attention
from kernels.bindings.references import np_layer_norm

BACKEND = testing.backend_name()
NAMES = ("layer_normalization", "rms_normalization", "dot_product_attention")
# openvino registers what measures faster than its own operations only: causal
# attention (kernels/bindings/openvino_ops.py says why and with which figures).
REGISTERED = ("dot_product_attention",) if BACKEND == "openvino" else NAMES
ONLY_CAUSAL = BACKEND == "openvino"


def reference_path(function):
    """`function()` with our kernels switched off (the backend's reference paths)."""
    previous = registry.set_kernels_enabled(False)
    try:
        return function()
    finally:
        registry.set_kernels_enabled(previous)


def kernel_entry(name):
    """The kernel entry of `nn.<name>`; on openvino, a kernel it does not register (it
    keeps OpenVINO's faster operation) is its binding's function, still tested here."""
    entries = registry.for_backend(BACKEND).entries(f"nn.{name}")
    kernels = [e for e in entries if e.kind == "kernel"]
    if not kernels and name not in REGISTERED:
        from kernels.bindings import openvino_ops

        return getattr(openvino_ops, name)
    assert kernels, f"no kernel entry for nn.{name} on {BACKEND}"
    # An entry that leaves some calls to a faster engine path (torch's float32 layer
    # norm) keeps the kernel's own entry as `kernel`.
    return getattr(kernels[0].function, "kernel", kernels[0].function)


def test_library_loads_and_every_entry_is_registered():
    assert library.cpu() is not None, library.unavailable_reason()
    rows = active.fast_paths()
    kernels = {r["name"] for r in rows if r["kind"] == "kernel" and r["active"]}
    assert {f"nn.{n}" for n in REGISTERED} <= kernels, rows


@pytest.mark.parametrize(
    "shape,axis",
    [((4, 7), -1), ((2, 3, 33), -1), ((2, 5, 6), (-2, -1)), ((1, 1), -1), ((9, 1024), -1)],
)
@pytest.mark.parametrize("params", ["none", "gamma", "both"])
def test_layer_normalization_matches_numpy(shape, axis, params):
    rng = np.random.default_rng(len(shape) * 10 + shape[-1])
    x = (rng.normal(size=shape) * 3 + 1).astype("float32")
    axes = (axis,) if isinstance(axis, int) else axis
    pshape = tuple(shape[a] for a in axes)
    gamma = rng.normal(size=pshape).astype("float32") if params != "none" else None
    beta = rng.normal(size=pshape).astype("float32") if params == "both" else None
    entry = kernel_entry("layer_normalization")
    tensors = [None if p is None else ops.convert_to_tensor(p) for p in (gamma, beta)]
    xt = ops.convert_to_tensor(x)
    taken = entry(xt, *tensors, axis=axis, epsilon=1e-3)
    assert taken is not NotImplemented
    got = ops.layer_normalization(xt, *tensors, axis=axis, epsilon=1e-3)
    want = np_layer_norm(x, gamma, beta, axes, 1e-3)
    testing.assert_close(got, want.astype("float32"), rtol=1e-5, atol=1e-5)
    testing.assert_close(taken, want.astype("float32"), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("shape", [(3, 8), (2, 4, 65), (1, 1)])
def test_rms_normalization_matches_numpy(shape):
    rng = np.random.default_rng(shape[-1])
    x = rng.normal(size=shape).astype("float32")
    scale = rng.normal(size=shape[-1:]).astype("float32")
    entry = kernel_entry("rms_normalization")
    xt, st = ops.convert_to_tensor(x), ops.convert_to_tensor(scale)
    taken = entry(xt, st, axis=-1, epsilon=1e-6)
    assert taken is not NotImplemented
    got = ops.rms_normalization(xt, st, axis=-1, epsilon=1e-6)
    want = np_layer_norm(x, scale, None, (-1,), 1e-6, rms=True)
    testing.assert_close(got, want.astype("float32"), rtol=1e-5, atol=1e-5)
    testing.assert_close(taken, want.astype("float32"), rtol=1e-5, atol=1e-5)
    # The deprecated rms_scaling of layer_normalization is the same normalization.
    got = ops.layer_normalization(xt, st, axis=-1, epsilon=1e-6, rms_scaling=True)
    testing.assert_close(got, want.astype("float32"), rtol=1e-5, atol=1e-5)


def test_norms_in_bfloat16_match_the_reference_path():
    rng = np.random.default_rng(3)
    x = ops.cast(ops.convert_to_tensor(rng.normal(size=(6, 40)).astype("float32")), "bfloat16")
    gamma = ops.convert_to_tensor(rng.normal(size=(40,)).astype("float32"))
    got = ops.layer_normalization(x, gamma, None, epsilon=1e-3)
    want = reference_path(lambda: ops.layer_normalization(x, gamma, None, epsilon=1e-3))
    assert testing.to_numpy(got).dtype.name == "bfloat16"
    np.testing.assert_allclose(
        testing.to_numpy(ops.cast(got, "float32")),
        testing.to_numpy(ops.cast(want, "float32")),
        rtol=2e-2, atol=2e-2,
    )


def test_nan_stays_in_its_row():
    x = np.arange(24, dtype="float32").reshape(4, 6)
    x[1, 2] = np.nan
    got = testing.to_numpy(ops.layer_normalization(ops.convert_to_tensor(x), epsilon=1e-3))
    assert np.isnan(got[1]).all()
    assert np.isfinite(np.delete(got, 1, axis=0)).all()


def test_declines_what_the_kernel_does_not_take():
    entry = kernel_entry("layer_normalization")
    x = ops.convert_to_tensor(np.ones((3, 4, 5), "float32"))
    # A leading axis is not the kernel's layout: the reference runs.
    assert entry(x, axis=0) is NotImplemented
    half = ops.cast(x, "float16")
    assert entry(half, axis=-1) is NotImplemented
    got = ops.layer_normalization(half, axis=-1)
    assert ops.convert_to_numpy(got).dtype == np.float16


@pytest.mark.parametrize("case", sorted(ATTENTION_CASES))
def test_attention_matches_numpy(case):
    q, k, v, mask, causal = make_attention_inputs(case)
    args = [ops.convert_to_tensor(a) for a in (q, k, v)]
    mask_t = None if mask is None else ops.convert_to_tensor(mask)
    entry = kernel_entry("dot_product_attention")
    taken = entry(*args, mask=mask_t, is_causal=causal)
    assert (taken is NotImplemented) == (ONLY_CAUSAL and not causal)
    got = ops.dot_product_attention(*args, mask=mask_t, is_causal=causal)
    want = np_attention(q, k, v, mask, causal)
    testing.assert_close(got, want.astype("float32"), rtol=1e-4, atol=1e-5)
    if ONLY_CAUSAL:
        # The operation itself, causal or not (the entry takes causal calls only).
        from kernels.bindings import openvino_ops

        op = openvino_ops.attention(*args, mask=mask_t, is_causal=causal)
        testing.assert_close(op, want.astype("float32"), rtol=1e-4, atol=1e-5)


def test_attention_declines_bias_soft_cap_and_disabled_flash():
    import keras

    q, k, v, _, _ = make_attention_inputs("plain")
    args = [ops.convert_to_tensor(a) for a in (q, k, v)]
    entry = kernel_entry("dot_product_attention")
    bias = ops.convert_to_tensor(np.zeros((2, 2, 9, 9), "float32"))
    causal = ONLY_CAUSAL  # the openvino entry takes causal calls only
    assert entry(*args, bias=bias, is_causal=causal) is NotImplemented
    assert entry(*args, attn_logits_soft_cap=5.0, is_causal=causal) is NotImplemented
    assert entry(*args, flash_attention=False, is_causal=causal) is NotImplemented
    keras.config.disable_flash_attention()
    try:
        assert keras.config.is_flash_attention_enabled() is False
        assert entry(*args, is_causal=causal) is NotImplemented
        got = ops.dot_product_attention(*args, is_causal=causal)
    finally:
        keras.config.enable_flash_attention()
    assert keras.config.is_flash_attention_enabled() is None
    want = np_attention(q, k, v, None, causal).astype("float32")
    testing.assert_close(got, want, rtol=1e-4, atol=1e-5)
    assert entry(*args, is_causal=causal) is not NotImplemented


def test_attention_in_bfloat16_matches_the_reference_path():
    q, k, v, mask, causal = make_attention_inputs("key_padding")
    args = [ops.cast(ops.convert_to_tensor(a), "bfloat16") for a in (q, k, v)]
    mask_t = ops.convert_to_tensor(mask)
    got = ops.dot_product_attention(*args, mask=mask_t)
    want = np_attention(*(testing.to_numpy(ops.cast(a, "float32")) for a in args), mask)
    np.testing.assert_allclose(
        testing.to_numpy(ops.cast(got, "float32")), want, rtol=3e-2, atol=3e-2
    )


# Gradients: the kernels' backward passes against the reference paths' autodiff.


def _value_and_grads(function, values):
    from keras.models import Model

    return Model._value_and_grad(function, [ops.convert_to_tensor(v) for v in values])


def _grads_both_ways(function, values):
    _, with_kernels = _value_and_grads(function, values)
    _, reference = reference_path(lambda: _value_and_grads(function, values))
    for got, want in zip(with_kernels, reference):
        np.testing.assert_allclose(
            testing.to_numpy(got), testing.to_numpy(want), rtol=1e-4, atol=1e-5
        )


@pytest.mark.skipif(not testing.has_gradients(), reason="the backend has no autodiff")
@pytest.mark.parametrize("shape", [(5, 12), (2, 3, 130)])
def test_layer_norm_gradients_match_the_reference_path(shape):
    rng = np.random.default_rng(7)
    x = rng.normal(size=shape).astype("float32")
    g = rng.normal(size=shape[-1:]).astype("float32")
    b = rng.normal(size=shape[-1:]).astype("float32")
    w = ops.convert_to_tensor(rng.normal(size=shape).astype("float32"))

    def loss(values):
        return ops.sum(ops.layer_normalization(*values, epsilon=1e-3) * w)

    _grads_both_ways(loss, [x, g, b])

    def rms_loss(values):
        return ops.sum(ops.rms_normalization(values[0], values[1], epsilon=1e-3) * w)

    _grads_both_ways(rms_loss, [x, g])


@pytest.mark.skipif(not testing.has_gradients(), reason="the backend has no autodiff")
@pytest.mark.parametrize("case", ["plain", "causal", "gqa", "key_padding", "cross_lengths",
                                  "full_mask_with_empty_row"])
def test_attention_gradients_match_the_reference_path(case):
    q, k, v, mask, causal = make_attention_inputs(case)
    mask_t = None if mask is None else ops.convert_to_tensor(mask)
    w = ops.convert_to_tensor(np.random.default_rng(1).normal(size=q.shape).astype("float32"))

    def loss(values):
        out = ops.dot_product_attention(*values, mask=mask_t, is_causal=causal)
        return ops.sum(out * w)

    _grads_both_ways(loss, [q, k, v])
