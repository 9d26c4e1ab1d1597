"""openvino backend: the linalg ops (see keras/ops/linalg.py for their contract).

OpenVINO's opsets have no factorisation (and their Inverse is not used: see
`_gauss_jordan`), so the factorisations are written out here from elementwise ops,
reductions and matmuls, unrolled over the (static) matrix size: Cholesky column by
column, Gauss-Jordan solves and LU with partial pivoting step by step (det and logdet
read the LU diagonal), QR by Householder reflections. eigh (cyclic Jacobi rotations)
and the SVD (one-sided Hestenes Jacobi rotations) rotate disjoint index pairs a round
at a time inside an OpenVINO Loop; lstsq, pinv, matrix_rank and the spectral norms go
through that SVD.

Results are computed in float32 (float64 inputs too: the CPU plugin runs float64 in
float32 anyway) and cast to the result dtype. `eig` (complex results) and `jvp`
(automatic differentiation) are not available: OpenVINO has neither.
"""

import numpy as np
import openvino as ov
from openvino import opset5
from openvino import opset14 as ov_opset

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.openvino import core
from keras.backends.openvino import unsupported

# Jacobi sweeps (each rotates every index pair once). Convergence is quadratic once
# the off-diagonal part is small, and sweeps after convergence rotate by the identity;
# 10 give float32 accuracy on random matrices up to 64x64 (relative error ~5e-6).
_SWEEPS = 10


def _wide(*xs):
    """The inputs as graph outputs of their compute dtype, and the result dtype."""
    xs = [core._tensor(x) for x in xs]
    names = [x.dtype for x in xs]
    # float64 is kept; ints and bools give floatx, float16/bfloat16 are kept.
    dtype = "float64" if "float64" in names else backend_utils.float_dtype(*names)
    # float64 too is computed in float32: the CPU plugin runs f64 graphs in f32
    # anyway, and does not finish compiling a Loop of f64 (OpenVINO 2026.4).
    return [core.cast(x, "float32").output for x in xs], dtype


def _result(output, dtype):
    return core.cast(core._wrap(output), dtype)


def _shape(x):
    return tuple(d.get_length() for d in x.get_partial_shape())


def _np_dtype(x):
    return dtypes.numpy_dtype(core._keras_dtype(x.get_element_type()))


def _scalar(value, like):
    """A constant of the element type of `like`."""
    return core._constant(np.asarray(value, _np_dtype(like)))


def _const(array, like):
    return core._constant(np.asarray(array, _np_dtype(like)))


def _eps(x):
    return float(np.finfo(_np_dtype(x)).eps)


def _out(node):
    return node.output(0)


def _matmul(a, b, transpose_a=False, transpose_b=False):
    return _out(ov_opset.matmul(a, b, transpose_a, transpose_b))


def _swap(x):
    """`x` with its last two axes swapped."""
    rank = len(_shape(x))
    order = list(range(rank - 2)) + [rank - 1, rank - 2]
    return _out(ov_opset.transpose(x, core._i64(order)))


def _take(x, index, axis):
    """`x[..., index, ...]` on `axis` (an int drops the axis, a list keeps it)."""
    return _out(ov_opset.gather(x, core._i64(index), core._i64(axis)))


def _where(condition, a, b):
    return _out(ov_opset.select(condition, a, b))


def _sum(x, axes, keepdims=False):
    return _out(ov_opset.reduce_sum(x, core._i64(axes), keepdims))


def _max(x, axes, keepdims=False):
    return _out(ov_opset.reduce_max(x, core._i64(axes), keepdims))


def _min(x, axes, keepdims=False):
    return _out(ov_opset.reduce_min(x, core._i64(axes), keepdims))


def _unsqueeze(x, axis):
    return _out(ov_opset.unsqueeze(x, core._i64([axis])))


def _squeeze(x, axis):
    return _out(ov_opset.squeeze(x, core._i64([axis])))


def _mul(a, b):
    return _out(ov_opset.multiply(a, b))


def _add(a, b):
    return _out(ov_opset.add(a, b))


def _sub(a, b):
    return _out(ov_opset.subtract(a, b))


def _div(a, b):
    return _out(ov_opset.divide(a, b))


def _broadcast(x, shape):
    return _out(ov_opset.broadcast(x, core._i64(shape)))


def _triangle(x, lower):
    """The lower (or upper) triangle of the matrices `x`, zeros elsewhere."""
    n, m = _shape(x)[-2:]
    mask = np.tril(np.ones((n, m), bool)) if lower else np.triu(np.ones((n, m), bool))
    return _where(core._constant(mask), x, _scalar(0, x))


def _diagonal(x):
    """The diagonals `(..., k)` of the matrices `x` `(..., m, n)`."""
    shape = _shape(x)
    m, n = shape[-2:]
    k = min(m, n)
    flat = _out(ov_opset.reshape(x, core._i64(shape[:-2] + (m * n,)), False))
    return _take(flat, [i * n + i for i in range(k)], -1)


def _solve_matrices(b):
    """`b` as matrices `(..., n, k)` and whether it was a vector."""
    if len(_shape(b)) == 1:
        return _unsqueeze(b, -1), True
    return b, False


# Cholesky and the inverses.


def _cholesky_lower(x):
    """The lower Cholesky factors of `x` (its lower triangle read), NaN where `x` is
    not positive definite."""
    shape = _shape(x)
    n = shape[-1]
    rows = np.arange(n)
    factor = _broadcast(_scalar(0, x), shape)
    for j in range(n):
        # Column j of L: (A[:, j] - L[:, :j] @ L[j, :j]) / L[j, j], from row j down.
        column = _take(x, j, -1)  # (..., n)
        row = _unsqueeze(_take(factor, j, -2), -1)  # (..., n, 1)
        rest = _sub(column, _squeeze(_matmul(factor, row), -1))
        pivot = _out(ov_opset.sqrt(_take(rest, [j], -1)))
        column = _where(core._constant(rows >= j), _div(rest, pivot), _scalar(0, x))
        one_hot = _const(rows == j, x)  # (n,)
        factor = _add(factor, _mul(_unsqueeze(column, -1), one_hot))
    return factor


def _check_cholesky(factor):
    """Raises the ValueError of a failed decomposition (NaN factors) when the value
    can be read: a graph traced for predict keeps the NaNs instead."""
    tensor = core._wrap(factor)
    if tensor.is_symbolic:
        return tensor
    every_axis = core._i64(list(range(len(_shape(factor)))))
    failed = core._wrap(ov_opset.reduce_logical_or(ov_opset.is_nan(factor), every_axis))
    if bool(failed.numpy()):
        raise ValueError(
            "Cholesky decomposition failed: the input is not positive definite."
        )
    return tensor


def cholesky(x, upper=False):
    (x,), dtype = _wide(x)
    factor = _cholesky_lower(x)
    if upper:
        factor = _swap(factor)
    return core.cast(_check_cholesky(factor), dtype)


def _pivot_rows(x, k, rows, row_index):
    """`x` `(..., m, n)` with row k swapped for the first row from k down with the
    largest |x[:, k]| (partial pivoting), and that row's index `(..., 1)` (int32)."""
    m = len(rows)
    magnitude = _out(ov_opset.abs(_take(x, k, -1)))  # (..., m)
    magnitude = _where(core._constant(rows >= k), magnitude, _scalar(-1, x))
    largest = _max(magnitude, [-1], keepdims=True)
    candidates = _where(
        _out(ov_opset.equal(magnitude, largest)), row_index, core._constant(np.int32(m))
    )
    pivot = _min(candidates, [-1], keepdims=True)  # (..., 1)
    k_index = core._constant(np.int32(k))
    order = _where(
        core._constant(rows == k),
        pivot,
        _where(_out(ov_opset.equal(row_index, pivot)), k_index, row_index),
    )  # (..., m)
    order = _broadcast(_unsqueeze(order, -1), _shape(x))
    return _out(ov_opset.gather_elements(x, order, -2)), pivot


def _gauss_jordan(a, b):
    """The solution of `a @ x = b` for `a` `(..., n, n)` and `b` `(..., n, k)` (batch
    axes broadcast), by Gauss-Jordan elimination with partial pivoting.

    Written out rather than through opset14 Inverse: OpenVINO 2026.4 constant-folds
    an Inverse of constants into wrong values when a MatMul reads it as its second
    input, and eager graphs here are all constants."""
    a_shape, b_shape = _shape(a), _shape(b)
    n, k = a_shape[-1], b_shape[-1]
    batch = tuple(np.broadcast_shapes(a_shape[:-2], b_shape[:-2]))
    a = _broadcast(a, batch + (n, n))
    b = _broadcast(b, batch + (n, k))
    x = _out(ov_opset.concat([a, b], -1))  # (..., n, n + k)
    rows = np.arange(n)
    row_index = core._constant(rows.astype(np.int32))
    for j in range(n):
        x, _ = _pivot_rows(x, j, rows, row_index)
        pivot_row = _take(x, [j], -2)  # (..., 1, n + k)
        pivot_row = _div(pivot_row, _take(pivot_row, [j], -1))
        column = _where(core._constant(rows != j), _take(x, j, -1), _scalar(0, x))
        x = _sub(x, _mul(_unsqueeze(column, -1), pivot_row))
        x = _where(core._constant((rows == j)[:, None]), pivot_row, x)
    return _take(x, list(range(n, n + k)), -1)


def _inverse(x):
    n = _shape(x)[-1]
    return _gauss_jordan(x, _const(np.eye(n), x))


def cholesky_inverse(x, upper=False):
    (x,), dtype = _wide(x)
    n = _shape(x)[-1]
    factor = _triangle(x, lower=not upper)
    # inv(L L^T) = inv(L^T) inv(L) and inv(U^T U) = inv(U) inv(U^T), as two solves:
    # a MatMul reading inv(L) transposed gets wrong values from the CPU plugin when
    # the graph is all constants (OpenVINO 2026.4).
    first, second = (_swap(factor), factor) if upper else (factor, _swap(factor))
    inverse = _gauss_jordan(second, _gauss_jordan(first, _const(np.eye(n), x)))
    return _result(inverse, dtype)


def inv(x):
    (x,), dtype = _wide(x)
    return _result(_inverse(x), dtype)


def solve(a, b):
    (a, b), dtype = _wide(a, b)
    b, vector = _solve_matrices(b)
    x = _gauss_jordan(a, b)
    return _result(_squeeze(x, -1) if vector else x, dtype)


def solve_triangular(a, b, lower=False):
    (a, b), dtype = _wide(a, b)
    b, vector = _solve_matrices(b)
    x = _gauss_jordan(_triangle(a, lower), b)
    return _result(_squeeze(x, -1) if vector else x, dtype)


# LU with partial pivoting.


def _lu(x):
    """LAPACK's LU factorisation of `x` `(..., m, n)`: the packed factors, the
    0-based pivots `(..., min(m, n))` (int32) and the sign of the row permutation."""
    shape = _shape(x)
    m, n = shape[-2:]
    rows = np.arange(m)
    columns = np.arange(n)
    row_index = core._constant(rows.astype(np.int32))
    zero = _scalar(0, x)
    pivots = []
    sign = _broadcast(_scalar(1, x), shape[:-2] + (1,))
    for k in range(min(m, n)):
        x, pivot = _pivot_rows(x, k, rows, row_index)
        pivots.append(pivot)
        k_index = core._constant(np.int32(k))
        swapped = _out(ov_opset.not_equal(pivot, k_index))
        sign = _mul(sign, _where(swapped, _scalar(-1, x), _scalar(1, x)))
        # Eliminate below the pivot (a zero pivot has only zeros below it).
        diagonal = _take(_take(x, k, -1), [k], -1)  # (..., 1)
        safe = _where(_out(ov_opset.equal(diagonal, zero)), _scalar(1, x), diagonal)
        multipliers = _where(
            core._constant(rows > k), _div(_take(x, k, -1), safe), zero
        )  # (..., m)
        pivot_row = _where(core._constant(columns > k), _take(x, k, -2), zero)
        update = _mul(_unsqueeze(multipliers, -1), _unsqueeze(pivot_row, -2))
        x = _sub(x, update)
        below = core._constant((rows[:, None] > k) & (columns[None, :] == k))
        x = _where(below, _unsqueeze(multipliers, -1), x)
    if pivots:
        pivots = _out(ov_opset.concat(pivots, -1))
    else:
        pivots = core._constant(np.zeros(shape[:-2] + (0,), np.int32))
    sign = _out(ov_opset.reshape(sign, core._i64(shape[:-2]), False))
    return x, pivots, sign


def _determinant_parts(x):
    """The sign of the determinants and the log of their magnitudes, from the LU
    factors."""
    lu, _, sign = _lu(x)
    diagonal = _diagonal(lu)
    signs = _out(ov_opset.reduce_prod(_out(ov_opset.sign(diagonal)), core._i64([-1])))
    log_magnitude = _sum(_out(ov_opset.log(_out(ov_opset.abs(diagonal)))), [-1])
    return _mul(sign, signs), log_magnitude


def det(x):
    (x,), dtype = _wide(x)
    lu, _, sign = _lu(x)
    product = _out(ov_opset.reduce_prod(_diagonal(lu), core._i64([-1])))
    return _result(_mul(sign, product), dtype)


def logdet(x):
    (x,), dtype = _wide(x)
    sign, log_magnitude = _determinant_parts(x)
    # log of a negative determinant is NaN; a zero one gives log(0) = -inf already.
    negative = _out(ov_opset.less(sign, _scalar(0, x)))
    return _result(_where(negative, _scalar(np.nan, x), log_magnitude), dtype)


def lu_factor(x):
    (x,), dtype = _wide(x)
    lu, pivots, _ = _lu(x)
    return _result(lu, dtype), core._wrap(pivots)


# QR by Householder reflections.


def _qr(x, complete):
    """`(q, r)` of `x` `(..., m, n)`: `q` `(..., m, m)` and `r` `(..., m, n)` when
    `complete`, else `(..., m, k)` and `(..., k, n)` with `k = min(m, n)`."""
    shape = _shape(x)
    batch, (m, n) = shape[:-2], shape[-2:]
    rows = np.arange(m)
    zero = _scalar(0, x)
    q = _broadcast(_const(np.eye(m), x), batch + (m, m))
    r = x
    for j in range(min(m - 1, n)):
        # The reflection I - tau v v^T that maps r[j:, j] onto the j-th axis.
        column = _where(core._constant(rows >= j), _take(r, j, -1), zero)  # (..., m)
        norm = _out(ov_opset.sqrt(_sum(_mul(column, column), [-1], keepdims=True)))
        head = _take(column, [j], -1)  # (..., 1)
        # alpha = -sign(head) * norm, with sign(0) taken as 1 (no cancellation).
        negative = _out(ov_opset.less(head, zero))
        alpha = _where(negative, norm, _out(ov_opset.negative(norm)))
        v = _sub(column, _mul(alpha, _const(rows == j, x)))
        length = _sum(_mul(v, v), [-1], keepdims=True)
        # A zero column needs no reflection (tau 0).
        safe = _where(_out(ov_opset.equal(length, zero)), _scalar(1, x), length)
        tau = _where(
            _out(ov_opset.equal(length, zero)), zero, _div(_scalar(2, x), safe)
        )  # (..., 1)
        v_row = _unsqueeze(v, -2)  # (..., 1, m)
        v_column = _unsqueeze(v, -1)  # (..., m, 1)
        tau = _unsqueeze(tau, -1)  # (..., 1, 1)
        r = _sub(r, _mul(tau, _matmul(v_column, _matmul(v_row, r))))
        q = _sub(q, _mul(tau, _matmul(_matmul(q, v_column), v_row)))
    # Exact zeros below the diagonal (the reflections leave rounding errors there).
    r = _triangle(r, lower=False)
    if complete:
        return q, r
    k = min(m, n)
    return _take(q, list(range(k)), -1), _take(r, list(range(k)), -2)


def qr(x, mode="reduced"):
    (x,), dtype = _wide(x)
    q, r = _qr(x, complete=mode == "complete")
    return _result(q, dtype), _result(r, dtype)


# Jacobi rotations: eigh and the SVD.


def _schedule(n):
    """A cyclic sweep over the index pairs of `n` indices as rounds of `n // 2`
    disjoint pairs (the round-robin tournament; with odd `n` one index sits out each
    round), each round as a permutation: its pairs' first indices, their second
    indices, then the one sitting out. Returns the `(rounds, n)` permutations and
    their inverses."""
    players = list(range(n + n % 2))
    half = len(players) // 2
    orders = []
    for _ in range(len(players) - 1):
        pairs = [
            (min(p, q), max(p, q))
            for p, q in zip(players[:half], reversed(players[half:]))
            if max(p, q) < n
        ]
        first = [p for p, _ in pairs]
        second = [q for _, q in pairs]
        orders.append(first + second + sorted(set(range(n)) - set(first + second)))
        players = [players[0], players[-1]] + players[1:-1]
    orders = np.array(orders, np.int64)
    return orders, np.argsort(orders, axis=1)


def _loop(trips, states, body):
    """The `states` (graph outputs) after `trips` iterations of `body(iteration,
    states) -> states`, as an OpenVINO Loop: the graph holds one iteration however
    many run (an unrolled Jacobi iteration compiles for seconds)."""
    loop = opset5.loop(core._constant(np.int64(trips)), core._constant(np.bool_(True)))
    iteration = ov_opset.parameter([], ov.Type.i64)
    parameters = [
        ov_opset.parameter(list(_shape(x)), x.get_element_type()) for x in states
    ]
    results = body(iteration.output(0), [p.output(0) for p in parameters])
    condition = core._constant(np.bool_(True))
    loop.set_function(ov.Model([condition, *results], [iteration, *parameters]))
    loop.set_special_body_ports([0, 0])
    for parameter, initial, result in zip(parameters, states, results):
        loop.set_merged_input(parameter, initial, result)
    return [loop.get_iter_value(result, -1) for result in results]


def _rotation_angles(diagonal_p, diagonal_q, off_diagonal):
    """The cosines and sines of the rotations `G` that zero the off-diagonal entries
    of the symmetric 2x2 blocks `[[diagonal_p, off], [off, diagonal_q]]` (all
    `(..., k)`) by `G^T A G` (Golub and Van Loan's symmetric Schur decomposition)."""
    x = off_diagonal
    zero = _scalar(0, x)
    one = _scalar(1, x)
    flat = _out(ov_opset.equal(x, zero))
    safe = _where(flat, one, x)
    tau = _div(_sub(diagonal_q, diagonal_p), _mul(_scalar(2, x), safe))
    root = _out(ov_opset.sqrt(_add(one, _mul(tau, tau))))
    t = _div(one, _add(_out(ov_opset.abs(tau)), root))
    t = _where(_out(ov_opset.less(tau, zero)), _out(ov_opset.negative(t)), t)
    # |tau| so large that tau * tau overflows: the block is diagonal already.
    t = _where(_out(ov_opset.is_finite(root)), t, zero)
    t = _where(flat, zero, t)
    cosine = _div(one, _out(ov_opset.sqrt(_add(one, _mul(t, t)))))
    return cosine, _mul(t, cosine)


def _rotate(x, cosine, sine, k, axis):
    """`x` whose entries along `axis` are the k first indices of the round's pairs,
    then their k second ones (then the rest), rotated pair by pair: first' = c first
    - s second, second' = s first + c second (`x @ G` for axis -1, `G^T @ x` for
    axis -2)."""
    n = _shape(x)[axis]
    lengths = [k, k] + ([n - 2 * k] if n > 2 * k else [])
    parts = ov_opset.variadic_split(x, core._i64(axis), core._i64(lengths)).outputs()
    first, second = parts[0], parts[1]
    position = -2 if axis == -1 else -1
    cosine, sine = _unsqueeze(cosine, position), _unsqueeze(sine, position)
    new_first = _sub(_mul(cosine, first), _mul(sine, second))
    new_second = _add(_mul(sine, first), _mul(cosine, second))
    return _out(ov_opset.concat([new_first, new_second, *parts[2:]], axis))


def _jacobi(x, two_sided):
    """Jacobi rotations of `x` `(..., m, n)` for `_SWEEPS` sweeps: two-sided (`x`
    square symmetric, to its eigenvalues on the diagonal) or one-sided (Hestenes: the
    columns of `x` made orthogonal). Returns the rotated `x` and the product `v` of
    the rotations."""
    shape = _shape(x)
    n = shape[-1]
    k = n // 2
    v = _broadcast(_const(np.eye(n), x), shape[:-2] + (n, n))
    if n < 2:
        return x, v
    orders, inverses = _schedule(n)

    def body(iteration, states):
        x, v = states
        round_index = _out(ov_opset.floor_mod(iteration, core._i64(len(orders))))
        order = _out(ov_opset.gather(core._i64(orders), round_index, core._i64(0)))
        inverse = _out(ov_opset.gather(core._i64(inverses), round_index, core._i64(0)))
        # Permuted so that the pairs are (i, k + i).
        x = _out(ov_opset.gather(x, order, core._i64(-1)))
        if two_sided:
            x = _out(ov_opset.gather(x, order, core._i64(-2)))
            flat = _out(ov_opset.reshape(x, core._i64(shape[:-2] + (n * n,)), False))
            a_pp = _take(flat, [i * n + i for i in range(k)], -1)
            a_qq = _take(flat, [(k + i) * n + k + i for i in range(k)], -1)
            a_pq = _take(flat, [i * n + k + i for i in range(k)], -1)
        else:
            first = _take(x, list(range(k)), -1)  # (..., m, k)
            second = _take(x, list(range(k, 2 * k)), -1)
            a_pp = _sum(_mul(first, first), [-2])
            a_qq = _sum(_mul(second, second), [-2])
            a_pq = _sum(_mul(first, second), [-2])
        cosine, sine = _rotation_angles(a_pp, a_qq, a_pq)
        x = _rotate(x, cosine, sine, k, -1)
        if two_sided:
            x = _rotate(x, cosine, sine, k, -2)
            x = _out(ov_opset.gather(x, inverse, core._i64(-2)))
        x = _out(ov_opset.gather(x, inverse, core._i64(-1)))
        v = _out(ov_opset.gather(v, order, core._i64(-1)))
        v = _rotate(v, cosine, sine, k, -1)
        v = _out(ov_opset.gather(v, inverse, core._i64(-1)))
        return [x, v]

    return _loop(_SWEEPS * len(orders), [x, v], body)


def _sorted_columns(values, matrices, descending):
    """`values` `(..., n)` sorted, and the columns of each of `matrices`
    `(..., m, n)` in the same order."""
    n = _shape(values)[-1]
    mode = "max" if descending else "min"
    top = ov_opset.topk(values, core._i64(n), -1, mode, "value", "i32", stable=True)
    values, order = top.output(0), top.output(1)
    order = _unsqueeze(order, -2)
    return values, [
        _out(ov_opset.gather_elements(m, _broadcast(order, _shape(m)), -1))
        for m in matrices
    ]


def eigh(x):
    (x,), dtype = _wide(x)
    n = _shape(x)[-1]
    # The symmetric matrix of the lower triangle.
    lower = _triangle(x, lower=True)
    x = _sub(_add(lower, _swap(lower)), _mul(x, _const(np.eye(n), x)))
    x, v = _jacobi(x, two_sided=True)
    w, (v,) = _sorted_columns(_diagonal(x), [v], descending=False)
    return _result(w, dtype), _result(v, dtype)


def _svd(x, full_matrices, compute_uv):
    """`(u, s, vh)` (or `s`) of `x` `(..., m, n)`, `s` descending."""
    m, n = _shape(x)[-2:]
    if m < n:
        # x^T = u' s vh' gives x = vh'^T s u'^T.
        transposed = _svd(_swap(x), full_matrices, compute_uv)
        if not compute_uv:
            return transposed
        u, s, vh = transposed
        return _swap(vh), s, _swap(u)
    w, v = _jacobi(x, two_sided=False)
    s = _out(ov_opset.sqrt(_sum(_mul(w, w), [-2])))
    s, (w, v) = _sorted_columns(s, [w, v], descending=True)
    if not compute_uv:
        return s
    # The columns of w are u * s: their QR gives orthonormal u (completed to a basis
    # for full matrices, and where s is zero) with r's diagonal ±s.
    q, r = _qr(w, complete=full_matrices)
    signs = _where(
        _out(ov_opset.less(_diagonal(r), _scalar(0, x))),
        _scalar(-1, x),
        _scalar(1, x),
    )  # (..., n)
    if full_matrices and m > n:
        signs = _out(
            ov_opset.concat(
                [signs, _broadcast(_scalar(1, x), _shape(signs)[:-1] + (m - n,))], -1
            )
        )
    u = _mul(q, _unsqueeze(signs, -2))
    return u, s, _swap(v)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), dtype = _wide(x)
    if not compute_uv:
        return _result(_svd(x, full_matrices, compute_uv=False), dtype)
    return tuple(_result(t, dtype) for t in _svd(x, full_matrices, compute_uv=True))


def _kept(s, rcond, shape):
    """Whether each singular value of `s` `(..., k)` counts as non-zero."""
    if rcond is None:
        rcond = max(shape[-2:]) * _eps(s)
    cutoff = _mul(_cast_like(rcond, s), _max(s, [-1], keepdims=True))
    return _out(ov_opset.greater(s, cutoff))


def _cast_like(value, like):
    if core.is_tensor(value):
        return _out(ov_opset.convert(value.output, like.get_element_type()))
    return _scalar(value, like)


def _pseudo_inverse(a, rcond):
    """pinv(a) `(..., n, m)` through the SVD of `a` `(..., m, n)`."""
    u, s, vh = _svd(a, full_matrices=False, compute_uv=True)
    kept = _kept(s, rcond, _shape(a))
    one, zero = _scalar(1, s), _scalar(0, s)
    inverse = _where(kept, _div(one, _where(kept, s, one)), zero)
    # v @ diag(1 / s) @ u^T
    return _matmul(_mul(_swap(vh), _unsqueeze(inverse, -2)), u, False, True)


def pinv(x, rcond=None):
    (x,), dtype = _wide(x)
    return _result(_pseudo_inverse(x, rcond), dtype)


def lstsq(a, b, rcond=None):
    (a, b), dtype = _wide(a, b)
    b, vector = _solve_matrices(b)
    x = _matmul(_pseudo_inverse(a, rcond), b)
    return _result(_squeeze(x, -1) if vector else x, dtype)


def matrix_rank(x, tol=None):
    (x,), _ = _wide(x)
    s = _svd(x, full_matrices=False, compute_uv=False)
    if tol is None:
        kept = _kept(s, None, _shape(x))
    else:
        kept = _out(ov_opset.greater(s, _cast_like(tol, s)))
    count = _sum(_out(ov_opset.convert(kept, "i32")), [-1])
    return core._wrap(count)


def _vector_norm(x, ord, axis, keepdims):
    magnitude = _out(ov_opset.abs(x))
    if ord is None or ord == 2:
        return _out(ov_opset.sqrt(_sum(_mul(x, x), [axis], keepdims)))
    if ord == np.inf:
        return _max(magnitude, [axis], keepdims)
    if ord == -np.inf:
        return _min(magnitude, [axis], keepdims)
    if ord == 0:
        nonzero = _out(ov_opset.not_equal(x, _scalar(0, x)))
        nonzero = _out(ov_opset.convert(nonzero, x.get_element_type()))
        return _sum(nonzero, [axis], keepdims)
    if ord == 1:
        return _sum(magnitude, [axis], keepdims)
    powered = _out(ov_opset.power(magnitude, _scalar(ord, x)))
    return _out(ov_opset.power(_sum(powered, [axis], keepdims), _scalar(1 / ord, x)))


def _matrix_norm(x, ord, axes, keepdims):
    rows, columns = axes
    if ord is None or ord == "fro":
        return _out(ov_opset.sqrt(_sum(_mul(x, x), list(axes), keepdims)))
    magnitude = _out(ov_opset.abs(x))
    if ord in (1, -1, np.inf, -np.inf):
        # 1: the largest column sum; inf: the largest row sum.
        summed, kept = (rows, columns) if ord in (1, -1) else (columns, rows)
        sums = _sum(magnitude, [summed], keepdims=True)
        reduce = _max if ord > 0 else _min
        result = reduce(sums, [kept], keepdims=True)
        if keepdims:
            return result
        return _out(ov_opset.squeeze(result, core._i64(sorted(axes))))
    # 2, -2 and "nuc" read the singular values of the matrices moved last.
    rank = len(_shape(x))
    order = [i for i in range(rank) if i not in axes] + [rows, columns]
    matrices = _out(ov_opset.transpose(x, core._i64(order)))
    s = _svd(matrices, full_matrices=False, compute_uv=False)
    if ord == "nuc":
        result = _sum(s, [-1])
    elif ord == 2:
        result = _max(s, [-1])
    else:
        result = _min(s, [-1])
    if keepdims:
        result = _out(ov_opset.unsqueeze(result, core._i64(sorted(axes))))
    return result


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), dtype = _wide(x)
    if axis is None:
        axes = list(range(len(_shape(x))))
        result = _out(ov_opset.sqrt(_sum(_mul(x, x), axes, keepdims)))
    elif len(axis) == 1:
        result = _vector_norm(x, ord, axis[0], keepdims)
    else:
        result = _matrix_norm(x, ord, tuple(axis), keepdims)
    return _result(result, dtype)


eig = unsupported.stub("linalg.eig")
jvp = unsupported.stub("linalg.jvp")
