"""keras.metrics.get, serialize and deserialize, and the names they know."""

import inspect

from keras.metrics import accuracy_metrics as accuracy
from keras.metrics import auc
from keras.metrics import confusion_metrics as confusion
from keras.metrics import correlation_metrics as correlation
from keras.metrics import fbeta_metrics as fbeta
from keras.metrics import hinge_metrics as hinge
from keras.metrics import iou_metrics as iou
from keras.metrics import metric
from keras.metrics import operating_point_metrics as operating_point
from keras.metrics import probabilistic_metrics as probabilistic
from keras.metrics import r2_score
from keras.metrics import reduction_metrics as reduction
from keras.metrics import regression_metrics as regression
from keras.ops.operation import _snake_case
from keras.saving import object_registration
from keras.saving import serialization_lib

_CLASSES = (
    metric.Metric,
    reduction.Mean,
    reduction.Sum,
    reduction.MeanMetricWrapper,
    regression.MeanSquaredError,
    regression.MeanAbsoluteError,
    regression.MeanAbsolutePercentageError,
    regression.MeanSquaredLogarithmicError,
    regression.CosineSimilarity,
    regression.LogCoshError,
    regression.RootMeanSquaredError,
    r2_score.R2Score,
    correlation.PearsonCorrelation,
    correlation.ConcordanceCorrelation,
    auc.AUC,
    confusion.FalseNegatives,
    confusion.FalsePositives,
    confusion.TrueNegatives,
    confusion.TruePositives,
    confusion.Precision,
    confusion.Recall,
    operating_point.PrecisionAtRecall,
    operating_point.RecallAtPrecision,
    operating_point.SensitivityAtSpecificity,
    operating_point.SpecificityAtSensitivity,
    iou.IoU,
    iou.BinaryIoU,
    iou.MeanIoU,
    iou.OneHotIoU,
    iou.OneHotMeanIoU,
    hinge.Hinge,
    hinge.SquaredHinge,
    hinge.CategoricalHinge,
    accuracy.Accuracy,
    accuracy.BinaryAccuracy,
    accuracy.CategoricalAccuracy,
    accuracy.SparseCategoricalAccuracy,
    accuracy.TopKCategoricalAccuracy,
    accuracy.SparseTopKCategoricalAccuracy,
    probabilistic.BinaryCrossentropy,
    probabilistic.CategoricalCrossentropy,
    probabilistic.SparseCategoricalCrossentropy,
    probabilistic.KLDivergence,
    probabilistic.Poisson,
    fbeta.F1Score,
    fbeta.FBetaScore,
)

# Name -> class: class names, their snake_case ("mean_squared_error", "auc"), and the
# usual abbreviations.
ALL_OBJECTS = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS.update({_snake_case(cls.__name__): cls for cls in _CLASSES})
for _short, _cls in (
    ("bce", probabilistic.BinaryCrossentropy),
    ("mse", regression.MeanSquaredError),
    ("mae", regression.MeanAbsoluteError),
    ("mape", regression.MeanAbsolutePercentageError),
    ("msle", regression.MeanSquaredLogarithmicError),
):
    ALL_OBJECTS[_short] = _cls
    ALL_OBJECTS[_short.upper()] = _cls


def serialize(metric):
    """The config dict of `metric` (see keras.saving.serialize_keras_object).

    >>> keras.metrics.serialize(keras.metrics.Mean())
    {'module': 'keras.metrics', 'class_name': 'Mean',
     'config': {'name': 'mean', 'dtype': 'float32'}, 'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """The metric (or metric function) that a config dict or a name describes.

    Args:
        config: a dict from `serialize`, or the name of a metric ("mse", "AUC").
        custom_objects: a dict of names to custom metric classes or functions.

    Returns:
        A metric.
    """
    module_objects = ALL_OBJECTS
    if isinstance(config, dict) and config.get("class_name") == "function":
        # A function config names its module; the snake_case aliases here name
        # classes ("mean_squared_error" is MeanSquaredError), not the functions.
        module_objects = None
    return serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=module_objects
    )


def get(identifier):
    """The metric an identifier describes: a name, a config dict or a callable.

    None gives None; a name ("accuracy", "mse", "AUC") or a class gives an instance
    with default arguments; a metric or any callable is returned as is.

    >>> keras.metrics.get("mse")  # a MeanSquaredError()
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        found = deserialize(identifier)
    elif isinstance(identifier, str):
        found = object_registration.get_registered_object(
            identifier, module_objects=ALL_OBJECTS
        )
        if found is None:
            raise ValueError(
                f"Unknown metric {identifier!r}: expected the name of a keras.metrics "
                "class or its snake_case form (e.g. 'accuracy', 'auc', "
                "'mean_squared_error', 'mse'), or the name of a registered custom "
                "metric."
            )
    else:
        found = identifier
    if inspect.isclass(found):
        found = found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret the metric identifier {identifier!r}: expected None, a "
        "name, a config dict, a Metric or a callable."
    )
