"""keras.constraints.get, serialize and deserialize, and the names they know."""

from keras.constraints import projections
from keras.saving import serialization_lib

# Name (the class name and its snake_case alias) -> class.
ALL_OBJECTS = {
    "Constraint": projections.Constraint,
    "MaxNorm": projections.MaxNorm,
    "MinMaxNorm": projections.MinMaxNorm,
    "NonNeg": projections.NonNeg,
    "UnitNorm": projections.UnitNorm,
    "max_norm": projections.MaxNorm,
    "min_max_norm": projections.MinMaxNorm,
    "non_neg": projections.NonNeg,
    "unit_norm": projections.UnitNorm,
}


def serialize(constraint):
    """The config dict of `constraint` (see keras.saving.serialize_keras_object).

    >>> keras.constraints.serialize(keras.constraints.NonNeg())
    {'module': 'keras.constraints', 'class_name': 'NonNeg', 'config': {},
     'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """The constraint that a config dict (or a name, such as "non_neg") describes.

    Args:
        config: a dict from `serialize`, or the name of a constraint.
        custom_objects: a dict of names to custom constraint classes.

    Returns:
        A constraint.

    >>> keras.constraints.deserialize("unit_norm")  # a UnitNorm(axis=0)
    """
    result = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )
    if isinstance(result, str):
        raise ValueError(
            f"Unknown constraint {config!r}; expected one of "
            f"{', '.join(sorted(ALL_OBJECTS))}, or a registered custom constraint."
        )
    return result


def get(identifier):
    """The constraint an identifier describes: a name, a config dict or a callable.

    None gives None; a name ("max_norm") or a class gives an instance with default
    arguments; a constraint or any callable is returned as is.

    >>> keras.constraints.get("non_neg")  # a NonNeg()
    """
    if identifier is None:
        return None
    return serialization_lib.get_object(identifier, ALL_OBJECTS, "constraint")
