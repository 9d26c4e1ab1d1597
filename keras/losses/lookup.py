"""keras.losses.get, serialize and deserialize, and the names they know."""

from keras.losses import crossentropy
from keras.losses import focal
from keras.losses import hinge_losses as hinge
from keras.losses import loss
from keras.losses import metric_learning
from keras.losses import probabilistic
from keras.losses import regression
from keras.losses import segmentation
from keras.losses import sequence
from keras.saving import serialization_lib

_OBJECTS = (
    loss.Loss,
    loss.LossFunctionWrapper,
    crossentropy.BinaryCrossentropy,
    crossentropy.CategoricalCrossentropy,
    crossentropy.SparseCategoricalCrossentropy,
    crossentropy.CategoricalGeneralizedCrossEntropy,
    focal.BinaryFocalCrossentropy,
    focal.CategoricalFocalCrossentropy,
    probabilistic.KLDivergence,
    probabilistic.Poisson,
    regression.MeanSquaredError,
    regression.MeanAbsoluteError,
    regression.MeanAbsolutePercentageError,
    regression.MeanSquaredLogarithmicError,
    regression.CosineSimilarity,
    regression.Huber,
    regression.LogCosh,
    hinge.Hinge,
    hinge.SquaredHinge,
    hinge.CategoricalHinge,
    segmentation.Dice,
    segmentation.Tversky,
    metric_learning.Circle,
    sequence.CTC,
    crossentropy.binary_crossentropy,
    crossentropy.categorical_crossentropy,
    crossentropy.sparse_categorical_crossentropy,
    crossentropy.categorical_generalized_cross_entropy,
    focal.binary_focal_crossentropy,
    focal.categorical_focal_crossentropy,
    probabilistic.kl_divergence,
    probabilistic.poisson,
    regression.mean_squared_error,
    regression.mean_absolute_error,
    regression.mean_absolute_percentage_error,
    regression.mean_squared_logarithmic_error,
    regression.cosine_similarity,
    regression.huber,
    regression.log_cosh,
    hinge.hinge,
    hinge.squared_hinge,
    hinge.categorical_hinge,
    segmentation.dice,
    segmentation.tversky,
    metric_learning.circle,
    sequence.ctc,
)

# Name -> class or function: every class and function by its own name, and the short
# aliases of Keras 3.
ALL_OBJECTS = {obj.__name__: obj for obj in _OBJECTS}
ALL_OBJECTS.update(
    {
        "bce": crossentropy.binary_crossentropy,
        "BCE": crossentropy.binary_crossentropy,
        "kld": probabilistic.kl_divergence,
        "KLD": probabilistic.kl_divergence,
        "mae": regression.mean_absolute_error,
        "MAE": regression.mean_absolute_error,
        "mape": regression.mean_absolute_percentage_error,
        "MAPE": regression.mean_absolute_percentage_error,
        "mse": regression.mean_squared_error,
        "MSE": regression.mean_squared_error,
        "msle": regression.mean_squared_logarithmic_error,
        "MSLE": regression.mean_squared_logarithmic_error,
    }
)


def serialize(loss):
    """The config of a loss (a Loss instance or a loss function).

    >>> keras.losses.serialize(keras.losses.Huber())
    {'module': 'keras.losses', 'class_name': 'Huber', 'config': {...},
     'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """The loss that a config dict or a name describes.

    Args:
        name: a dict from `serialize`, or the name of a loss: a class name gives an
            instance with default arguments, a function name gives the function.
        custom_objects: a dict of names to custom loss classes or functions.

    Returns:
        A Loss instance or a loss function.

    >>> keras.losses.deserialize("mse")  # the function mean_squared_error
    """
    result = serialization_lib.deserialize_keras_object(
        name, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )
    if isinstance(result, str):
        raise ValueError(
            f"Unknown loss {name!r}; expected one of {', '.join(sorted(ALL_OBJECTS))}, "
            "or a registered custom loss."
        )
    return result


def get(identifier):
    """The loss an identifier describes: a name, a config dict or a callable.

    None gives None; a function name ("mse", "categorical_crossentropy") gives the
    function; a class name ("MeanSquaredError") or a class gives an instance with
    default arguments; a Loss or any other callable is returned as is.

    >>> keras.losses.get("categorical_crossentropy")  # the function
    """
    if identifier is None:
        return None
    return serialization_lib.get_object(identifier, ALL_OBJECTS, "loss")
