"""keras.regularizers.get, serialize and deserialize, and the names they know."""

from keras.regularizers import penalties
from keras.saving import serialization_lib

# Name (the class name and its snake_case alias) -> class.
ALL_OBJECTS = {
    "Regularizer": penalties.Regularizer,
    "L1": penalties.L1,
    "L2": penalties.L2,
    "L1L2": penalties.L1L2,
    "OrthogonalRegularizer": penalties.OrthogonalRegularizer,
    "l1": penalties.L1,
    "l2": penalties.L2,
    "l1_l2": penalties.L1L2,
    "l1l2": penalties.L1L2,
    "orthogonal_regularizer": penalties.OrthogonalRegularizer,
}


def serialize(regularizer):
    """The config dict of `regularizer` (see keras.saving.serialize_keras_object).

    >>> keras.regularizers.serialize(keras.regularizers.L2(0.1))
    {'module': 'keras.regularizers', 'class_name': 'L2', 'config': {'l2': 0.1},
     'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """The regularizer that a config dict (or a name, such as "l2") describes.

    Args:
        config: a dict from `serialize`, or the name of a regularizer.
        custom_objects: a dict of names to custom regularizer classes.

    Returns:
        A regularizer.

    >>> keras.regularizers.deserialize("l1")  # an L1(l1=0.01)
    """
    result = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )
    if isinstance(result, str):
        raise ValueError(
            f"Unknown regularizer {config!r}; expected one of "
            f"{', '.join(sorted(ALL_OBJECTS))}, or a registered custom regularizer."
        )
    return result


def get(identifier):
    """The regularizer an identifier describes: a name, a config dict or a callable.

    None gives None; a name ("l2") or a class gives an instance with default
    arguments; a regularizer or any callable is returned as is.

    >>> keras.regularizers.get("l2")  # an L2(l2=0.01)
    """
    if identifier is None:
        return None
    return serialization_lib.get_object(identifier, ALL_OBJECTS, "regularizer")
