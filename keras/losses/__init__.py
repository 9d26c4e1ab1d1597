"""Public namespace `keras.losses`: the functions and Loss classes that training
minimizes.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

_MODULES = {
    "loss": ("Loss", "LossFunctionWrapper"),
    "crossentropy": (
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
        "CategoricalGeneralizedCrossEntropy",
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "categorical_generalized_cross_entropy",
    ),
    "focal": (
        "BinaryFocalCrossentropy",
        "CategoricalFocalCrossentropy",
        "binary_focal_crossentropy",
        "categorical_focal_crossentropy",
    ),
    "probabilistic": ("KLDivergence", "Poisson", "kl_divergence", "poisson"),
    "regression": (
        "MeanSquaredError",
        "MeanAbsoluteError",
        "MeanAbsolutePercentageError",
        "MeanSquaredLogarithmicError",
        "CosineSimilarity",
        "Huber",
        "LogCosh",
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "cosine_similarity",
        "huber",
        "log_cosh",
    ),
    "hinge_losses": (
        "Hinge",
        "SquaredHinge",
        "CategoricalHinge",
        "hinge",
        "squared_hinge",
        "categorical_hinge",
    ),
    "segmentation": ("Dice", "Tversky", "dice", "tversky"),
    "metric_learning": ("Circle", "circle"),
    "sequence": ("CTC", "ctc"),
    "lookup": ("get", "serialize", "deserialize"),
}

# Public name -> the module defining it.
_EXPORTS = {
    name: "." + module for module, names in _MODULES.items() for name in names
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
