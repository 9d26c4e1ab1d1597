"""Public namespace `keras.metrics`: stateful metrics and per-sample metric functions.

Lazy: a name loads its module on first access.
"""

import importlib

_PACKAGE = "keras.metrics"

# Public name -> the module defining it.
_EXPORTS = {
    "Metric": "metric",
    "Mean": "reduction_metrics",
    "Sum": "reduction_metrics",
    "MeanMetricWrapper": "reduction_metrics",
    "Accuracy": "accuracy_metrics",
    "BinaryAccuracy": "accuracy_metrics",
    "CategoricalAccuracy": "accuracy_metrics",
    "SparseCategoricalAccuracy": "accuracy_metrics",
    "TopKCategoricalAccuracy": "accuracy_metrics",
    "SparseTopKCategoricalAccuracy": "accuracy_metrics",
    "binary_accuracy": "accuracy_metrics",
    "categorical_accuracy": "accuracy_metrics",
    "sparse_categorical_accuracy": "accuracy_metrics",
    "top_k_categorical_accuracy": "accuracy_metrics",
    "sparse_top_k_categorical_accuracy": "accuracy_metrics",
    "BinaryCrossentropy": "probabilistic_metrics",
    "CategoricalCrossentropy": "probabilistic_metrics",
    "SparseCategoricalCrossentropy": "probabilistic_metrics",
    "KLDivergence": "probabilistic_metrics",
    "Poisson": "probabilistic_metrics",
    "Hinge": "hinge_metrics",
    "SquaredHinge": "hinge_metrics",
    "CategoricalHinge": "hinge_metrics",
    "MeanSquaredError": "regression_metrics",
    "MeanAbsoluteError": "regression_metrics",
    "MeanAbsolutePercentageError": "regression_metrics",
    "MeanSquaredLogarithmicError": "regression_metrics",
    "RootMeanSquaredError": "regression_metrics",
    "LogCoshError": "regression_metrics",
    "CosineSimilarity": "regression_metrics",
    "R2Score": "r2_score",
    "PearsonCorrelation": "correlation_metrics",
    "ConcordanceCorrelation": "correlation_metrics",
    "pearson_correlation": "correlation_metrics",
    "concordance_correlation": "correlation_metrics",
    "TruePositives": "confusion_metrics",
    "TrueNegatives": "confusion_metrics",
    "FalsePositives": "confusion_metrics",
    "FalseNegatives": "confusion_metrics",
    "Precision": "confusion_metrics",
    "Recall": "confusion_metrics",
    "PrecisionAtRecall": "operating_point_metrics",
    "RecallAtPrecision": "operating_point_metrics",
    "SensitivityAtSpecificity": "operating_point_metrics",
    "SpecificityAtSensitivity": "operating_point_metrics",
    "AUC": "auc",
    "F1Score": "fbeta_metrics",
    "FBetaScore": "fbeta_metrics",
    "IoU": "iou_metrics",
    "BinaryIoU": "iou_metrics",
    "MeanIoU": "iou_metrics",
    "OneHotIoU": "iou_metrics",
    "OneHotMeanIoU": "iou_metrics",
    # Per-sample loss functions (those of keras.losses).
    "binary_crossentropy": "loss_functions",
    "binary_focal_crossentropy": "loss_functions",
    "categorical_crossentropy": "loss_functions",
    "categorical_focal_crossentropy": "loss_functions",
    "sparse_categorical_crossentropy": "loss_functions",
    "categorical_hinge": "loss_functions",
    "hinge": "loss_functions",
    "squared_hinge": "loss_functions",
    "huber": "loss_functions",
    "kl_divergence": "loss_functions",
    "log_cosh": "loss_functions",
    "mean_absolute_error": "loss_functions",
    "mean_absolute_percentage_error": "loss_functions",
    "mean_squared_error": "loss_functions",
    "mean_squared_logarithmic_error": "loss_functions",
    "poisson": "loss_functions",
    "get": "lookup",
    "serialize": "lookup",
    "deserialize": "lookup",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {_PACKAGE!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{_PACKAGE}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
