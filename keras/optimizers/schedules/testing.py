"""Helper of the schedule tests: compare a schedule with a NumPy formula."""

import numpy as np

from keras.backends import active

STEPS = [0, 1, 7, 10, 15, 33, 100, 250]


def check_schedule(schedule, reference, steps=STEPS):
    """`schedule(step)` equals `reference(step)` at each step (and for a Variable)."""
    for step in steps:
        np.testing.assert_allclose(
            np.asarray(schedule(step)),
            reference(step),
            rtol=1e-5,
            atol=1e-7,
            err_msg=f"step {step}",
        )
    # The step may also be an integer Variable: the optimizer's counter.
    counter = active.Variable(steps[-1], dtype="int32", trainable=False)
    np.testing.assert_allclose(
        np.asarray(schedule(counter)), reference(steps[-1]), rtol=1e-5, atol=1e-7
    )
