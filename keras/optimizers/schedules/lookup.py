"""keras.optimizers.schedules.serialize and deserialize."""

from keras.optimizers.schedules import cosine_decay
from keras.optimizers.schedules import learning_rate_schedule as schedules
from keras.saving import serialization_lib

ALL_OBJECTS = {
    "LearningRateSchedule": schedules.LearningRateSchedule,
    "ExponentialDecay": schedules.ExponentialDecay,
    "PiecewiseConstantDecay": schedules.PiecewiseConstantDecay,
    "PolynomialDecay": schedules.PolynomialDecay,
    "InverseTimeDecay": schedules.InverseTimeDecay,
    "CosineDecay": cosine_decay.CosineDecay,
    "CosineDecayRestarts": cosine_decay.CosineDecayRestarts,
}


def serialize(learning_rate_schedule):
    """The config dict of a schedule (see keras.saving.serialize_keras_object).

    >>> keras.optimizers.schedules.serialize(
    ...     keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.96))
    {'module': 'keras.optimizers.schedules', 'class_name': 'ExponentialDecay',
     'config': {...}, 'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """The schedule a config dict from `serialize` describes.

    Args:
        config: a dict with "class_name" and "config".
        custom_objects: a dict of names to custom schedule classes.

    Returns:
        A `LearningRateSchedule`.
    """
    result = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )
    if not isinstance(result, schedules.LearningRateSchedule):
        raise ValueError(
            f"Could not interpret the learning rate schedule {config!r}: expected a "
            f"config of one of {', '.join(sorted(ALL_OBJECTS))}, or of a registered "
            "custom LearningRateSchedule."
        )
    return result
