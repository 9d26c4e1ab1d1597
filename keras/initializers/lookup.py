"""keras.initializers.get, serialize and deserialize, and the names they know."""

from keras.initializers import constant_initializers as constant
from keras.initializers import random_initializers as rand
from keras.initializers import stft_initializer
from keras.initializers import variance_scaling_initializers as scaling
from keras.saving import serialization_lib

# Name (the class name and its snake_case alias) -> class.
ALL_OBJECTS = {
    "Constant": constant.Constant,
    "Zeros": constant.Zeros,
    "Ones": constant.Ones,
    "Identity": constant.Identity,
    "IdentityInitializer": constant.Identity,
    "RandomNormal": rand.RandomNormal,
    "RandomUniform": rand.RandomUniform,
    "TruncatedNormal": rand.TruncatedNormal,
    "Orthogonal": rand.Orthogonal,
    "OrthogonalInitializer": rand.Orthogonal,
    "VarianceScaling": scaling.VarianceScaling,
    "GlorotNormal": scaling.GlorotNormal,
    "GlorotUniform": scaling.GlorotUniform,
    "HeNormal": scaling.HeNormal,
    "HeUniform": scaling.HeUniform,
    "LecunNormal": scaling.LecunNormal,
    "LecunUniform": scaling.LecunUniform,
    "STFT": stft_initializer.STFT,
    "STFTInitializer": stft_initializer.STFT,
    "constant": constant.Constant,
    "zeros": constant.Zeros,
    "zero": constant.Zeros,
    "ones": constant.Ones,
    "one": constant.Ones,
    "identity": constant.Identity,
    "random_normal": rand.RandomNormal,
    "normal": rand.RandomNormal,
    "random_uniform": rand.RandomUniform,
    "uniform": rand.RandomUniform,
    "truncated_normal": rand.TruncatedNormal,
    "orthogonal": rand.Orthogonal,
    "variance_scaling": scaling.VarianceScaling,
    "glorot_normal": scaling.GlorotNormal,
    "glorot_uniform": scaling.GlorotUniform,
    "he_normal": scaling.HeNormal,
    "he_uniform": scaling.HeUniform,
    "lecun_normal": scaling.LecunNormal,
    "lecun_uniform": scaling.LecunUniform,
    "stft": stft_initializer.STFT,
}


def serialize(initializer):
    """The config dict of `initializer` (see keras.saving.serialize_keras_object).

    >>> keras.initializers.serialize(keras.initializers.Zeros())
    {'module': 'keras.initializers', 'class_name': 'Zeros', 'config': {},
     'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """The initializer that a config (or a name, such as "he_normal") describes.

    Args:
        config: a dict from `serialize`, or the name of an initializer.
        custom_objects: a dict of names to custom initializer classes.

    Returns:
        An initializer.

    >>> keras.initializers.deserialize("glorot_uniform")
    """
    result = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )
    if isinstance(result, str):
        raise ValueError(
            f"Unknown initializer {config!r}; expected one of "
            f"{', '.join(sorted(ALL_OBJECTS))}, or a registered custom initializer."
        )
    return result


def get(identifier):
    """The initializer an identifier describes: a name, a config dict or a callable.

    None gives None; a name (e.g. "glorot_uniform") or a class gives a new instance
    with default arguments; an initializer or any callable `(shape, dtype)` is
    returned as is.

    >>> keras.initializers.get("he_normal")  # a HeNormal()
    """
    if identifier is None:
        return None
    return serialization_lib.get_object(identifier, ALL_OBJECTS, "initializer")
