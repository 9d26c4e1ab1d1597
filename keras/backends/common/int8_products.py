"""int8 products as one 2-D matrix product: the shapes every backend shares.

Engines run int8 x int8 -> int32 fast only as a 2-D matmul (torch `_int_mm`, XLA's
int8 GEMM); `einsum_as_matmul` says how a two-operand einsum with no batch letters
(EinsumDense's equations) becomes one, and `rows_as_matrix` how a matmul of a
(..., k) tensor by a (k, n) matrix does. Each backend applies the plan with its own
transpose and reshape.
"""

import math


def einsum_as_matmul(subscripts, shape1, shape2):
    """The plan of `einsum(subscripts, a, b)` as one (m, k) x (k, n) product, or None.

    Returns `(perm_a, (m, k), perm_b, (k, n), free_shape, perm_out)`: `a` transposed by
    `perm_a` and reshaped to (m, k), times `b` transposed by `perm_b` and reshaped to
    (k, n), reshaped to `free_shape` and transposed by `perm_out`, is the einsum.
    None (the caller uses its general einsum) for an ellipsis, an implicit output,
    more or fewer than two operands, a repeated letter, a letter in both operands and
    the output (a batch letter) or a letter summed out of one operand only.
    """
    if "..." in subscripts or "->" not in subscripts:
        return None
    inputs, out = subscripts.replace(" ", "").split("->")
    terms = inputs.split(",")
    if len(terms) != 2:
        return None
    a, b = terms
    if any(len(set(t)) != len(t) for t in (a, b, out)):
        return None
    if len(a) != len(shape1) or len(b) != len(shape2):
        return None
    contracted = [c for c in a if c in b]
    free_a = [c for c in a if c not in b]
    free_b = [c for c in b if c not in a]
    free = free_a + free_b
    if any(c in out for c in contracted) or sorted(free) != sorted(out):
        return None
    size = dict(zip(a, shape1))
    size.update(zip(b, shape2))
    if any(s is None or s == 0 for s in size.values()):
        return None
    m = math.prod(size[c] for c in free_a)
    k = math.prod(size[c] for c in contracted)
    n = math.prod(size[c] for c in free_b)
    perm_a = [a.index(c) for c in free_a + contracted]
    perm_b = [b.index(c) for c in contracted + free_b]
    perm_out = [free.index(c) for c in out]
    return perm_a, (m, k), perm_b, (k, n), [size[c] for c in free], perm_out


def run_einsum_plan(plan, a, b, matmul_2d, transpose, reshape):
    """Applies an `einsum_as_matmul` plan with one engine's functions."""
    perm_a, mk, perm_b, kn, free_shape, perm_out = plan

    def arranged(x, perm, shape):
        # Identity permutations and reshapes to the same shape are skipped: each is
        # an eager engine call.
        if list(perm) != list(range(len(perm))):
            x = transpose(x, perm)
        return x if tuple(x.shape) == tuple(shape) else reshape(x, shape)

    product = matmul_2d(arranged(a, perm_a, mk), arranged(b, perm_b, kn))
    product = product if tuple(free_shape) == tuple(product.shape) else reshape(product, free_shape)
    if list(perm_out) != list(range(len(perm_out))):
        product = transpose(product, perm_out)
    return product


def is_rows_by_matrix(shape1, shape2):
    """Whether a matmul of these shapes is (..., k) rows times one (k, n) matrix (with
    no empty axis, which a (-1, k) reshape could not place)."""
    return (
        len(shape1) >= 2
        and len(shape2) == 2
        and None not in shape2
        and 0 not in shape1
        and 0 not in shape2
    )
