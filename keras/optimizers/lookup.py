"""keras.optimizers.get, serialize and deserialize, and the names they know."""

import inspect

from keras.optimizers import adadelta
from keras.optimizers import adafactor
from keras.optimizers import adagrad
from keras.optimizers import adam
from keras.optimizers import adamax
from keras.optimizers import adamw
from keras.optimizers import base_optimizer
from keras.optimizers import ftrl
from keras.optimizers import lamb
from keras.optimizers import lion
from keras.optimizers import loss_scale_optimizer
from keras.optimizers import multi_optimizer
from keras.optimizers import muon
from keras.optimizers import nadam
from keras.optimizers import rmsprop
from keras.optimizers import schedule_free_adamw
from keras.optimizers import sgd
from keras.saving import object_registration
from keras.saving import serialization_lib

_CLASSES = (
    base_optimizer.Optimizer,
    sgd.SGD,
    adam.Adam,
    adamw.AdamW,
    adamax.Adamax,
    nadam.Nadam,
    rmsprop.RMSprop,
    adagrad.Adagrad,
    adadelta.Adadelta,
    adafactor.Adafactor,
    ftrl.Ftrl,
    lion.Lion,
    lamb.Lamb,
    muon.Muon,
    schedule_free_adamw.ScheduleFreeAdamW,
    loss_scale_optimizer.LossScaleOptimizer,
    multi_optimizer.MultiOptimizer,
    multi_optimizer.OptimizerMap,
)

# Lower-case class name -> class: names are matched case-insensitively ("adam",
# "Adam", "ADAM").
ALL_OBJECTS = {cls.__name__.lower(): cls for cls in _CLASSES}


def serialize(optimizer):
    """The config dict of an optimizer (see keras.saving.serialize_keras_object).

    >>> keras.optimizers.serialize(keras.optimizers.SGD())
    {'module': 'keras.optimizers', 'class_name': 'SGD', 'config': {...},
     'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """The optimizer a config dict from `serialize` describes.

    Built-in class names are matched case-insensitively.

    Args:
        config: a dict with "class_name" and "config".
        custom_objects: a dict of names to custom optimizer classes.

    Returns:
        An optimizer.
    """
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        lowered = config["class_name"].lower()
        if lowered in ALL_OBJECTS:
            config = dict(config, class_name=lowered)
    return serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )


def get(identifier):
    """The optimizer an identifier describes: a name, a config dict or an instance.

    None gives None; a name ("adam", "rmsprop") gives an instance with default
    arguments; an optimizer is returned as is.

    >>> keras.optimizers.get("adam")  # an Adam()
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        found = ALL_OBJECTS.get(identifier.lower())
        if found is None:
            found = object_registration.get_registered_object(identifier)
        if found is not None and inspect.isclass(found):
            found = found()
    elif isinstance(identifier, dict):
        found = deserialize(identifier)
    else:
        found = identifier
    if isinstance(found, base_optimizer.Optimizer):
        return found
    names = sorted(
        name
        for name, cls in ALL_OBJECTS.items()
        if cls is not multi_optimizer.OptimizerMap
    )
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r}. Expected an "
        "Optimizer instance, a config dict, a registered custom optimizer name, or "
        f"one of: {', '.join(names)}."
    )
