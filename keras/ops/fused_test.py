"""keras.ops.fused against NumPy references and against the op compositions that define
them, on the engine path (when the backend has one) and the composition path."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import stateless_scope
from keras.ops import fused
from keras.ops import testing


def _log_softmax(x):
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def mean_ce_reference(labels, outputs, from_logits):
    """The mean over samples of -log p[label]; a label out of range adds 0."""
    outputs = np.asarray(outputs, dtype="float64")
    if from_logits:
        log_p = _log_softmax(outputs)
    else:
        p = outputs / np.sum(outputs, axis=-1, keepdims=True)
        log_p = np.log(np.clip(p, 1e-7, 1 - 1e-7))
    labels = np.asarray(labels).reshape(log_p.shape[:-1])
    classes = log_p.shape[-1]
    valid = (labels >= 0) & (labels < classes)
    picked = np.take_along_axis(log_p, np.where(valid, labels, 0)[..., None], -1)[..., 0]
    return np.mean(np.where(valid, -picked, 0.0))


def _logits(shape, dtype="float32", seed=0):
    return testing.random_array(shape, dtype, seed=seed)


@pytest.mark.parametrize("label_dtype", ["int32", "int64", "uint8", "int16"])
@pytest.mark.parametrize("from_logits", [True, False])
def test_mean_sparse_ce_matches_numpy(label_dtype, from_logits):
    outputs = _logits((6, 5))
    if not from_logits:
        outputs = np.abs(outputs) + 0.1
    labels = testing.random_array((6,), label_dtype, seed=1, low=0, high=5)
    result = fused.mean_sparse_categorical_crossentropy(
        ops.convert_to_tensor(labels), ops.convert_to_tensor(outputs), from_logits
    )
    expected = mean_ce_reference(labels, outputs, from_logits)
    testing.assert_close(result, np.float32(expected), rtol=1e-5)


def test_mean_sparse_ce_equals_its_composition():
    outputs = ops.convert_to_tensor(_logits((8, 4), seed=2))
    labels = ops.convert_to_tensor(np.array([0, 1, 2, 3, 3, 2, 1, 0], dtype="int32"))
    fast = fused.mean_sparse_categorical_crossentropy(labels, outputs, True)
    composed = ops.mean(ops.sparse_categorical_crossentropy(labels, outputs, from_logits=True))
    testing.assert_close(fast, testing.to_numpy(composed), rtol=1e-6)


@pytest.mark.parametrize("label_dtype", ["int32", "int64"])
def test_mean_sparse_ce_out_of_range_labels_add_zero_and_still_count(label_dtype):
    # -100 is torch's default ignore_index and 5 / -1 are out of range: each adds 0 but
    # still counts in the mean, on every backend and either label width.
    if label_dtype == "int64" and active.name == "jax":
        pytest.skip("jax stores int64 as int32 (x64 off); the int32 case covers it")
    outputs = _logits((5, 5), seed=3)
    labels = np.array([1, -100, 5, -1, 4], dtype=label_dtype)
    result = fused.mean_sparse_categorical_crossentropy(
        ops.convert_to_tensor(labels), ops.convert_to_tensor(outputs), True
    )
    expected = mean_ce_reference(labels, outputs, True)
    testing.assert_close(result, np.float32(expected), rtol=1e-5)


def test_mean_sparse_ce_other_shapes_take_the_composition():
    # Labels with a trailing axis of 1, float64 outputs, and rank-3 (sequence) outputs.
    outputs = _logits((4, 3), "float64", seed=4)
    labels = np.array([[0], [2], [1], [2]], dtype="int32")
    result = fused.mean_sparse_categorical_crossentropy(
        ops.convert_to_tensor(labels), ops.convert_to_tensor(outputs), True
    )
    composed = ops.mean(
        ops.sparse_categorical_crossentropy(
            ops.convert_to_tensor(labels), ops.convert_to_tensor(outputs), from_logits=True
        )
    )
    assert testing.to_numpy(result).dtype == testing.to_numpy(composed).dtype
    testing.assert_close(
        result, mean_ce_reference(labels, outputs, True), check_dtype=False
    )
    outputs = _logits((2, 3, 4), seed=5)
    labels = testing.random_array((2, 3), "int32", seed=6, low=0, high=4)
    result = fused.mean_sparse_categorical_crossentropy(
        ops.convert_to_tensor(labels), ops.convert_to_tensor(outputs), True
    )
    testing.assert_close(result, np.float32(mean_ce_reference(labels, outputs, True)))


def test_mean_sparse_ce_mismatched_shapes_raise():
    with pytest.raises(ValueError, match="target"):
        fused.mean_sparse_categorical_crossentropy(
            ops.convert_to_tensor(np.zeros((3,), "int32")),
            ops.convert_to_tensor(_logits((4, 2))),
            True,
        )


@pytest.mark.skipif(not testing.has_gradients(), reason="the active backend has no autodiff")
def test_mean_sparse_ce_gradient_is_softmax_minus_one_hot_over_n():
    outputs = _logits((4, 3), seed=7).astype("float64")
    labels = np.array([0, 2, 7, 1], dtype="int32")  # 7: out of range, no gradient
    label_tensor = ops.convert_to_tensor(labels)
    grad = testing.gradient(
        lambda t: fused.mean_sparse_categorical_crossentropy(label_tensor, t, True),
        outputs,
    )
    softmax = np.exp(_log_softmax(outputs))
    expected = softmax.copy()
    expected[np.arange(4), np.clip(labels, 0, 2)] -= 1
    expected[2] = 0.0
    np.testing.assert_allclose(grad, expected / 4, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("shape", [(5, 3), (2, 5, 3)])
def test_dense_matches_numpy(shape):
    x = _logits(shape, seed=8)
    kernel = _logits((3, 4), seed=9)
    bias = _logits((4,), seed=10)
    result = fused.dense(ops.convert_to_tensor(x), ops.convert_to_tensor(kernel), bias)
    testing.assert_close(result, x @ kernel + bias, rtol=1e-5, atol=1e-5)


def test_dense_takes_variables_and_mixed_dtypes():
    x = _logits((3, 2), seed=11)
    kernel = active.Variable(_logits((2, 4), seed=12))
    bias = active.Variable(_logits((4,), seed=13))
    result = fused.dense(ops.convert_to_tensor(x), kernel, bias)
    expected = x @ testing.to_numpy(kernel.value) + testing.to_numpy(bias.value)
    testing.assert_close(result, expected, rtol=1e-5, atol=1e-5)
    # float64 inputs with float32 weights promote, as add(matmul(...)) does.
    x64 = x.astype("float64")
    result = fused.dense(ops.convert_to_tensor(x64), kernel, bias)
    composed = ops.add(ops.matmul(ops.convert_to_tensor(x64), kernel), bias)
    testing.assert_close(result, testing.to_numpy(composed))


@pytest.mark.skipif(not testing.has_gradients(), reason="the active backend has no autodiff")
def test_dense_gradient_matches_numpy():
    kernel = _logits((3, 2), "float64", seed=14)
    bias = _logits((2,), "float64", seed=15)
    x = _logits((4, 3), "float64", seed=16)
    k, b = ops.convert_to_tensor(kernel), ops.convert_to_tensor(bias)
    grad = testing.gradient(lambda t: fused.dense(t, k, b) ** 2, x)
    expected = 2 * (x @ kernel + bias) @ kernel.T
    np.testing.assert_allclose(grad, expected, rtol=1e-6)


def _variables(*arrays):
    return [active.Variable(a, dtype=str(np.asarray(a).dtype)) for a in arrays]


def test_scaled_assign_sub_updates_every_variable():
    start = [_logits((3, 2), seed=17), _logits((2,), seed=18), _logits((4,), "float64", seed=19)]
    values = [_logits(a.shape, seed=20 + i).astype(a.dtype) for i, a in enumerate(start)]
    variables = _variables(*start)
    fused.scaled_assign_sub(variables, [ops.convert_to_tensor(v) for v in values], 0.5)
    for variable, first, value in zip(variables, start, values):
        # Each keeps its own dtype (float64 is stored as float32 on JAX without x64).
        stored = testing.to_numpy(variable.value).dtype
        testing.assert_close(variable.value, (first - 0.5 * value).astype(stored))


def test_scaled_assign_sub_takes_a_variable_scale_and_numpy_values():
    start = [_logits((2, 2), seed=23), _logits((2,), seed=24)]
    values = [_logits(a.shape, seed=25 + i) for i, a in enumerate(start)]
    variables = _variables(*start)
    scale = active.Variable(np.float32(0.25))
    fused.scaled_assign_sub(variables, values, scale)
    for variable, first, value in zip(variables, start, values):
        testing.assert_close(variable.value, first - np.float32(0.25) * value)


def test_scaled_assign_sub_in_a_stateless_scope_leaves_the_variables():
    start = _logits((3,), seed=27)
    (variable,) = _variables(start)
    value = _logits((3,), seed=28)
    with stateless_scope.StatelessScope() as scope:
        fused.scaled_assign_sub([variable], [ops.convert_to_tensor(value)], 2.0)
        updated = scope.get_current_value(variable)
    testing.assert_close(variable.value, start)
    testing.assert_close(updated, start - 2.0 * value)


@pytest.mark.parametrize("weight", [32, 0.5])
def test_weighted_accumulate(weight):
    total, count = _variables(np.float32(1.5), np.float32(2.0))
    fused.weighted_accumulate(total, count, ops.convert_to_tensor(np.float32(3.0)), weight)
    fused.weighted_accumulate(total, count, ops.convert_to_tensor(np.float32(-1.0)), weight)
    testing.assert_close(total.value, np.float32(1.5 + 3.0 * weight - weight))
    testing.assert_close(count.value, np.float32(2.0 + 2 * weight))


def test_weighted_accumulate_casts_to_the_state_dtype():
    total, count = _variables(np.float32(0.0), np.float32(0.0))
    fused.weighted_accumulate(total, count, ops.convert_to_tensor(np.float16(2.0)), 3)
    testing.assert_close(total.value, np.float32(6.0))
    testing.assert_close(count.value, np.float32(3.0))


def adam_reference(value, grads, lr, beta_1, beta_2, epsilon):
    """Adam in float64 over the successive `grads` (iterations start at 0)."""
    value, m, v = value.astype("float64"), 0.0, 0.0
    for step, g in enumerate(grads, start=1):
        m = m + (g - m) * (1 - beta_1)
        v = v + (g * g - v) * (1 - beta_2)
        alpha = lr * np.sqrt(1 - beta_2**step) / (1 - beta_1**step)
        value = value - m * alpha / (np.sqrt(v) + epsilon)
    return value.astype("float32")


@pytest.mark.parametrize("reference_only", [False, True], ids=["engine", "composition"])
def test_adam_update_matches_numpy_over_steps(reference_only):
    from keras.backends.common import registry

    start = [_logits((5, 3), seed=31), _logits((3,), seed=32)]
    variables = _variables(*start)
    momentums = _variables(*(np.zeros_like(a) for a in start))
    velocities = _variables(*(np.zeros_like(a) for a in start))
    iterations = active.Variable(np.int64(0), dtype="int64")
    grads = [
        [_logits(a.shape, seed=40 + 3 * i + k) for k, a in enumerate(start)]
        for i in range(4)
    ]
    entries = active.registry.entries("core_ops.adam_update")
    if entries and not reference_only:
        # The backend's entry takes these inputs (the test is not the composition's).
        probe = _variables(start[1])
        zeros = _variables(np.zeros(3, "float32"), np.zeros(3, "float32"))
        g = ops.convert_to_tensor(_logits((3,), seed=39))
        args = (probe, [g], zeros[:1], zeros[1:], 0.05, iterations, 0.8, 0.99, 1e-7)
        assert entries[0].function(*args) is not NotImplemented
    registry.set_reference_only(reference_only, active.name)
    try:
        for step in grads:
            fused.adam_update(
                variables,
                [ops.convert_to_tensor(g) for g in step],
                momentums,
                velocities,
                0.05,
                iterations,
                0.8,
                0.99,
                1e-7,
            )
            iterations.assign_add(1)
    finally:
        registry.set_reference_only(False, active.name)
    for i, (variable, first) in enumerate(zip(variables, start)):
        expected = adam_reference(first, [g[i] for g in grads], 0.05, 0.8, 0.99, 1e-7)
        testing.assert_close(variable.value, expected, rtol=1e-5, atol=1e-6)


def test_adam_update_in_a_stateless_scope_leaves_the_variables():
    start = _logits((4,), seed=51)
    (variable,) = _variables(start)
    (m,), (v,) = _variables(np.zeros(4, "float32")), _variables(np.zeros(4, "float32"))
    iterations = active.Variable(np.int64(0), dtype="int64")
    g = _logits((4,), seed=52)
    with stateless_scope.StatelessScope() as scope:
        fused.adam_update(
            [variable], [ops.convert_to_tensor(g)], [m], [v], 0.1, iterations, 0.9,
            0.999, 1e-7,
        )
        updated = scope.get_current_value(variable)
    testing.assert_close(variable.value, start)
    expected = adam_reference(start, [g], 0.1, 0.9, 0.999, 1e-7)
    testing.assert_close(updated, expected, rtol=1e-5, atol=1e-6)


def np_abs_max_quantize(x, axis, value_range=(-127, 127)):
    """The reference: `scale = high / (max |x| + 1e-7)` in x's dtype, round half to
    even, clip."""
    amax = np.max(np.abs(x), axis=axis, keepdims=True)
    scale = (np.float32(value_range[1]) / (amax + np.float32(1e-7))).astype(x.dtype)
    q = np.clip(np.round(x * scale), *value_range).astype("int8")
    return q, scale


@pytest.mark.parametrize("reference_only", [False, True])
@pytest.mark.parametrize(
    "shape,axis", [((1, 4096), -1), ((3, 7), -1), ((2, 5, 6), (2,)), ((4, 3, 8), (1, 2))]
)
def test_abs_max_quantize_matches_numpy(shape, axis, reference_only):
    x = _logits(shape, seed=4) * 3
    # Ties at .5 after scaling round to even on every path.
    x.flat[0] = 0.0
    registry = active.registry
    previous = registry.reference_only
    registry.reference_only = reference_only
    try:
        q, scale = fused.abs_max_quantize(ops.convert_to_tensor(x), axis, (-127, 127), "int8", 1e-7)
    finally:
        registry.reference_only = previous
    want_q, want_scale = np_abs_max_quantize(x, axis)
    testing.assert_close(scale, want_scale, rtol=1e-6)
    assert testing.to_numpy(q).dtype == np.int8
    # The product x * scale is one float32 rounding on every path: equal, or one step
    # apart where it lands within an ulp of a .5 tie.
    assert np.max(np.abs(testing.to_numpy(q).astype(int) - want_q)) <= 1
    assert np.mean(testing.to_numpy(q) == want_q) > 0.99


@pytest.mark.parametrize("reference_only", [False, True])
@pytest.mark.parametrize("with_inputs_scale", [True, False])
@pytest.mark.parametrize("shape", [(2, 8), (64, 1024)])
def test_int8_dequantize_matches_numpy(shape, with_inputs_scale, reference_only):
    rng = np.random.default_rng(7)
    product = rng.integers(-(2**20), 2**20, size=shape).astype("int32")
    inputs_scale = (rng.random((shape[0], 1)) + 0.5).astype("float32")
    kernel_scale = (rng.random((shape[1],)) + 0.5).astype("float32")
    registry = active.registry
    previous = registry.reference_only
    registry.reference_only = reference_only
    try:
        got = fused.int8_dequantize(
            ops.convert_to_tensor(product),
            ops.convert_to_tensor(inputs_scale) if with_inputs_scale else None,
            ops.convert_to_tensor(kernel_scale),
            "float32",
        )
    finally:
        registry.reference_only = previous
    scale = inputs_scale * kernel_scale if with_inputs_scale else kernel_scale
    want = product.astype("float32") / scale
    assert testing.to_numpy(got).dtype == np.float32
    testing.assert_close(got, want, rtol=1e-6)


class _Owner:
    """Something holding a variable, as a layer does."""

    def __init__(self):
        (self.kernel,) = _variables(_logits((4, 3), seed=9))

    def double(self, inputs):
        return ops.matmul(inputs, self.kernel) * 2.0


def test_compiled_call_equals_the_method_and_sees_new_values():
    import gc
    import weakref

    owner = _Owner()
    x = ops.convert_to_tensor(_logits((20, 4), seed=8))
    first = fused.compiled_call(owner, "double", owner.double, x)
    # One compiled program against eager ops: products may round differently.
    testing.assert_close(first, testing.to_numpy(owner.double(x)), rtol=1e-5, atol=1e-5)
    owner.kernel.assign(np.ones((4, 3), "float32"))  # a cached program reads it again
    second = fused.compiled_call(owner, "double", owner.double, x)
    want = testing.to_numpy(x).sum(axis=1, keepdims=True) * 2.0 * np.ones((1, 3))
    testing.assert_close(second, want.astype("float32"), rtol=1e-5)
    # The cached program does not keep its owner alive.
    reference = weakref.ref(owner)
    del owner
    gc.collect()
    assert reference() is None


def test_compiled_call_in_a_stateless_scope_reads_the_scope_values():
    owner = _Owner()
    x = ops.convert_to_tensor(_logits((20, 4), seed=10))
    fused.compiled_call(owner, "double", owner.double, x)  # cache a program first
    ones = ops.convert_to_tensor(np.ones((4, 3), "float32"))
    with stateless_scope.StatelessScope(state_mapping=[(owner.kernel, ones)]):
        inside = fused.compiled_call(owner, "double", owner.double, x)
    want = testing.to_numpy(x).sum(axis=1, keepdims=True) * 2.0 * np.ones((1, 3))
    testing.assert_close(inside, want.astype("float32"), rtol=1e-5)
    # And after the scope, the variable's own value again.
    after = fused.compiled_call(owner, "double", owner.double, x)
    testing.assert_close(after, testing.to_numpy(owner.double(x)), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", ["int8", np.int8, np.dtype("int8")])
def test_abs_max_quantize_takes_any_spelling_of_its_dtype(dtype):
    x = ops.convert_to_tensor(_logits((3, 16), seed=11))
    q, _ = fused.abs_max_quantize(x, -1, (-127, 127), dtype, 1e-7)
    assert testing.to_numpy(q).dtype == np.int8


def np_pack_int4(q):
    """int4 values (rows, cols) -> int8 bytes (rows, ceil(cols / 2)): value 2i in the
    low nibble of byte i."""
    rows, cols = q.shape
    padded = np.zeros((rows, cols + cols % 2), np.int64)
    padded[:, :cols] = q
    low, high = padded[:, 0::2] & 15, padded[:, 1::2] & 15
    return (low | (high << 4)).astype(np.uint8).view(np.int8)


@pytest.mark.parametrize("reference_only", [False, True])
@pytest.mark.parametrize(
    "layout", ["per_column", "groups", "uneven_groups", "reordered_groups"]
)
@pytest.mark.parametrize("shape", [(8, 6), (256, 33)])
def test_int4_dequantize_matches_numpy(shape, layout, reference_only):
    rows, cols = shape
    rng = np.random.default_rng(rows + cols)
    q = rng.integers(-8, 8, size=shape)
    q[0, :2] = (-8, 7)
    kernel = np_pack_int4(q)
    if layout == "per_column":
        scale = (rng.random(cols) + 0.5).astype("float32")
        zero = g_idx = None
        want = q.astype("float32") / scale
    else:
        size = {"groups": rows // 4, "uneven_groups": 3, "reordered_groups": rows // 4}[layout]
        groups = -(-rows // size)
        g = np.arange(rows) // size
        if layout == "reordered_groups":
            g = rng.permutation(g)
        scale = (rng.random((groups, cols)) + 0.5).astype("float32")
        zero = rng.integers(-8, 8, size=(groups, cols)).astype("int8")
        g_idx = g.astype("float32")
        want = (q.astype("float32") - zero[g].astype("float32")) * scale[g]
    registry = active.registry
    previous = registry.reference_only
    registry.reference_only = reference_only
    try:
        got = fused.int4_dequantize(
            ops.convert_to_tensor(kernel),
            cols,
            ops.convert_to_tensor(scale),
            None if zero is None else ops.convert_to_tensor(zero),
            None if g_idx is None else ops.convert_to_tensor(g_idx),
        )
    finally:
        registry.reference_only = previous
    assert testing.to_numpy(got).dtype == np.float32
    testing.assert_close(got, want, rtol=1e-6, atol=1e-6)


def test_int4_dequantize_takes_variables():
    q = np.array([[-8, 7, 3], [0, -1, 5]])
    scale = np.array([2.0, 4.0, 8.0], "float32")
    kernel_variable, scale_variable = _variables(np_pack_int4(q), scale)
    got = fused.int4_dequantize(kernel_variable, 3, scale_variable)
    testing.assert_close(got, q.astype("float32") / scale)
