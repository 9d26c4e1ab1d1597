"""Agreement cases (keras/ops/agreement.py) for the ops of this group."""

from keras.ops.agreement import Case
from keras.ops.agreement import T

# Symmetric positive definite values (cholesky raises on others).
_SPD = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]]
_SPD_BATCH = [_SPD, [[2.0, 0.0, 0.0], [0.0, 5.0, 1.0], [0.0, 1.0, 1.0]]]


# Functions of jvp, written with operators (this table imports no ops).
def _cube(x):
    return x * x * x


def _product_and_aux(a, b):
    return a * b, {"double": a + a}


CASES = {
    "cholesky": [
        Case(T((3, 3), values=_SPD)),
        Case(T((2, 3, 3), values=_SPD_BATCH), upper=True),
        Case(T((3, 3), "float16", values=_SPD)),
    ],
    "cholesky_inverse": [
        Case(T((4, 4), low=1.0, high=2.0)),
        Case(T((2, 3, 3), low=1.0, high=2.0), upper=True),
    ],
    "det": [Case(T((3, 3))), Case(T((2, 4, 4), "int32"))],
    "eig": [Case(T((3, 3))), Case(T((2, 2, 2), "float16"))],
    "eigh": [Case(T((3, 3))), Case(T((2, 4, 4), "int32"))],
    "inv": [Case(T((3, 3))), Case(T((2, 1, 4, 4), "bfloat16"))],
    "jvp": [
        Case(_cube, (T((2, 3)),), (T((2, 3)),)),
        Case(
            _product_and_aux,
            (T((2, 3)), T((2, 3))),
            (T((2, 3)), T((2, 3))),
            has_aux=True,
        ),
    ],
    "logdet": [Case(T((3, 3), values=_SPD)), Case(T((2, 3, 3), values=_SPD_BATCH))],
    "lstsq": [
        Case(T((5, 3)), T((5,))),
        Case(T((2, 5, 3)), T((5, 2))),
        Case(T((4, 4), "int32"), T((4, 1), "float16"), rcond=0.01),
    ],
    "lu_factor": [Case(T((3, 3))), Case(T((2, 4, 4), "float16"))],
    "matrix_rank": [Case(T((3, 5))), Case(T((2, 4, 4)), tol=0.5)],
    "norm": [
        Case(T((2, 3, 4))),
        Case(T((2, 3, 4)), ord=1, axis=-1, keepdims=True),
        Case(T((2, 3, 4)), ord="nuc", axis=(0, 2)),
        Case(T((3, 4), "int32"), ord=2),
        Case(T((5,), "bfloat16"), ord=-1.5),
    ],
    "pinv": [Case(T((3, 5))), Case(T((2, 4, 3)), rcond=0.1)],
    "qr": [
        Case(T((5, 3))),
        Case(T((2, 3, 5)), mode="complete"),
        Case(T((2, 5, 3), "int32"), mode="complete"),
    ],
    "solve": [
        Case(T((3, 3), low=1.0, high=2.0), T((3,))),
        Case(T((2, 1, 3, 3), low=1.0, high=2.0), T((4, 3, 2))),
    ],
    "solve_triangular": [
        Case(T((3, 3), low=1.0, high=2.0), T((3, 2))),
        Case(T((2, 3, 3), low=1.0, high=2.0), T((3,), "int32"), lower=True),
    ],
    "svd": [
        Case(T((5, 3))),
        Case(T((2, 3, 5)), full_matrices=False),
        Case(T((2, 4, 3)), compute_uv=False),
    ],
}

# op name -> {backend: reason} where that backend's symbolic and eager results differ.
EXCEPTIONS = {
    "jvp": {"numpy": "no automatic differentiation: eager jvp raises"},
}
