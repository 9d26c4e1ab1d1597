"""Public namespace `keras.wrappers`: Keras models as scikit-learn estimators.

Lazy: a name loads its module (and scikit-learn) on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> (module, attribute).
_EXPORTS = {
    "SKLearnClassifier": (".sklearn_classifier", "SKLearnClassifier"),
    "SKLearnRegressor": (".sklearn_regressor", "SKLearnRegressor"),
    "SKLearnTransformer": (".sklearn_transformer", "SKLearnTransformer"),
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
