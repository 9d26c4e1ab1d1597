"""Helpers of the optimizer tests: an optimizer and a NumPy reference side by side."""

import numpy as np

from keras import ops
from keras.backends import active

# Two variables of different ranks: every rule is checked on a matrix and a vector.
SHAPES = ((3, 4), (5,))


def random_problem(shapes=SHAPES, steps=5, seed=0):
    """Initial values and `steps` rounds of gradients, drawn with a fixed seed."""
    rng = np.random.default_rng(seed)
    values = [rng.uniform(-1.0, 1.0, shape).astype("float32") for shape in shapes]
    grads = [
        [rng.uniform(-1.0, 1.0, shape).astype("float32") for shape in shapes]
        for _ in range(steps)
    ]
    return values, grads


def make_variables(values, prefix="w"):
    return [
        active.Variable(value, name=f"{prefix}{i}") for i, value in enumerate(values)
    ]


def values_of(variables):
    """Copies of the variables' values (on torch, `numpy()` shares memory)."""
    return [np.array(v.numpy()) for v in variables]


def run(optimizer, values, grads):
    """Applies each round of `grads`; returns the values after each round."""
    variables = make_variables(values)
    history = []
    for round_grads in grads:
        optimizer.apply([ops.convert_to_tensor(g) for g in round_grads], variables)
        history.append(values_of(variables))
    return history


def assert_matches_reference(optimizer, reference, steps=5, rtol=1e-5, atol=1e-6):
    """`optimizer` agrees with `reference` after every step on every variable.

    `reference(value, grads)` is the NumPy rule for one variable: it gets the
    initial value and the list of its gradients (float64) and returns the value
    after each step.
    """
    values, grads = random_problem(steps=steps)
    history = run(optimizer, values, grads)
    for i, value in enumerate(values):
        own_grads = [round_grads[i].astype("float64") for round_grads in grads]
        expected = reference(value.astype("float64"), own_grads)
        assert len(expected) == steps
        for step in range(steps):
            np.testing.assert_allclose(
                history[step][i],
                expected[step],
                rtol=rtol,
                atol=atol,
                err_msg=f"variable {i} {value.shape}, step {step + 1}",
            )
