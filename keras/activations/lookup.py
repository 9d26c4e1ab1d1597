"""keras.activations.get, serialize and deserialize, and the names they know."""

from keras.activations import along_axis
from keras.activations import piecewise
from keras.activations import smooth
from keras.saving import serialization_lib

_FUNCTIONS = [
    piecewise.relu,
    piecewise.leaky_relu,
    piecewise.relu6,
    piecewise.threshold,
    piecewise.hard_sigmoid,
    piecewise.hard_silu,
    piecewise.hard_tanh,
    piecewise.hard_shrink,
    piecewise.soft_shrink,
    piecewise.sparse_plus,
    piecewise.sparse_sigmoid,
    piecewise.linear,
    smooth.sigmoid,
    smooth.log_sigmoid,
    smooth.tanh,
    smooth.tanh_shrink,
    smooth.exponential,
    smooth.elu,
    smooth.selu,
    smooth.celu,
    smooth.gelu,
    smooth.softplus,
    smooth.softsign,
    smooth.squareplus,
    smooth.silu,
    smooth.mish,
    along_axis.softmax,
    along_axis.log_softmax,
    along_axis.sparsemax,
    along_axis.glu,
]

# Name -> activation function; swish and hard_swish are other names of silu and
# hard_silu (whose names they serialize to).
ALL_OBJECTS = {fn.__name__: fn for fn in _FUNCTIONS}
ALL_OBJECTS["swish"] = smooth.silu
ALL_OBJECTS["hard_swish"] = piecewise.hard_silu


def serialize(activation):
    """The name of a built-in activation, else the config dict of `activation`.

    Built-in activations serialize to their name ("relu"); other functions and
    activation objects to a dict (see keras.saving.serialize_keras_object). Loading a
    custom one needs it registered or passed in `custom_objects`.

    >>> keras.activations.serialize(keras.activations.relu)
    'relu'
    """
    name = getattr(activation, "__name__", None)
    if ALL_OBJECTS.get(name) is activation:
        return name
    return serialization_lib.serialize_keras_object(activation)


def deserialize(config, custom_objects=None):
    """The activation function that a name or config dict describes.

    Args:
        config: the name of an activation ("relu"), or a dict from `serialize`.
        custom_objects: a dict of names to custom activation functions.

    Returns:
        A callable.

    >>> keras.activations.deserialize("relu") is keras.activations.relu
    True
    """
    result = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )
    if isinstance(result, str):
        raise ValueError(
            f"Unknown activation {config!r}; expected one of "
            f"{', '.join(sorted(ALL_OBJECTS))}, or a registered custom activation."
        )
    return result


def get(identifier):
    """The activation function an identifier describes.

    None gives `linear`; a name ("relu") or a config dict gives the function it names;
    a callable is returned as is.

    >>> keras.activations.get("relu") is keras.activations.relu
    True
    """
    if identifier is None:
        return piecewise.linear
    return serialization_lib.get_object(
        identifier, ALL_OBJECTS, "activation", instantiate=False
    )
