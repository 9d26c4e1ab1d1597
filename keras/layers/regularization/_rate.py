"""Argument checks shared by the random regularization layers."""

import numbers


def check_fraction(value, argument, layer_name):
    """Returns `value` as given after checking it is a real number in [0, 1]."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0 <= value <= 1
    ):
        raise ValueError(
            f"{layer_name}: `{argument}` must be a float between 0 and 1; "
            f"got {argument}={value!r}."
        )
    return value
