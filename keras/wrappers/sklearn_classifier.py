"""`keras.wrappers.SKLearnClassifier`: a Keras model as a scikit-learn classifier."""

from sklearn.base import ClassifierMixin
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted
from sklearn.utils.validation import validate_data

from keras.wrappers.sklearn_base import SKLBase


class SKLearnClassifier(ClassifierMixin, SKLBase):
    """A Keras model wrapped as a scikit-learn classifier.

    The labels given to `fit` (any type scikit-learn accepts: ints, strings...) are
    one-hot encoded, so the model sees a target of shape `(n_samples, n_classes)` and
    usually ends with `Dense(n_classes, activation="softmax")` trained with
    `categorical_crossentropy`. `predict` returns, for each sample, the class whose
    output is largest; `score` is the accuracy.

    Args:
        model: a compiled `keras.Model`, or a callable `model(X, y, **model_kwargs)`
            returning one (`y` is the one-hot target, so `y.shape[1]` classes).
        warm_start: whether `fit` goes on training the previous fit's model.
        model_kwargs: keyword arguments for the `model` callable.
        fit_kwargs: keyword arguments for `Model.fit`.

    Attributes:
        model_: the fitted Keras model.
        history_: the `History` its `fit` returned.
        classes_: the class labels, in the order of the model's outputs.
        n_features_in_: the number of features seen by `fit`.

    Example:

    >>> def build(X, y):
    ...     inputs = keras.Input((X.shape[1],))
    ...     outputs = keras.layers.Dense(y.shape[1], activation="softmax")(inputs)
    ...     model = keras.Model(inputs, outputs)
    ...     model.compile(loss="categorical_crossentropy", optimizer="adam")
    ...     return model
    >>> classifier = keras.wrappers.SKLearnClassifier(build, fit_kwargs={"epochs": 5})
    >>> classifier.fit(X, labels).predict(X)  # doctest: +SKIP
    """

    _numeric_target = False

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        return tags

    def _process_target(self, y, reset=False):
        # Raises "Unknown label type" for labels that are not classes at all.
        target_type = type_of_target(y, input_name="y", raise_unknown=True)
        if target_type not in ("binary", "multiclass"):
            raise ValueError(
                "SKLearnClassifier supports binary and multiclass targets only (a 1-D "
                f"array of labels); y is of type '{target_type}'. Use "
                "SKLearnRegressor for a continuous target."
            )
        if reset:
            self._target_encoder = OneHotEncoder(sparse_output=False)
            self._target_encoder.fit(y.reshape(-1, 1))
            self.classes_ = self._target_encoder.categories_[0]
        return self._target_encoder.transform(y.reshape(-1, 1))

    def _reverse_process_target(self, y):
        y = y.reshape(len(y), -1)
        return self.classes_[y.argmax(axis=1)]

    def decision_function(self, X):
        """The model's raw outputs for `X`: one column per class of `classes_`."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return self.model_.predict(X, verbose=self._verbose())
