"""`keras.wrappers.SKLearnRegressor`: a Keras model as a scikit-learn regressor."""

from sklearn.base import RegressorMixin

from keras.wrappers.sklearn_base import SKLBase


class SKLearnRegressor(RegressorMixin, SKLBase):
    """A Keras model wrapped as a scikit-learn regressor.

    The 1-D target given to `fit` reaches the model as a column, shape
    `(n_samples, 1)`; `predict` returns a 1-D array again, and `score` is the
    coefficient of determination (R²).

    Args:
        model: a compiled `keras.Model`, or a callable `model(X, y, **model_kwargs)`
            returning one.
        warm_start: whether `fit` goes on training the previous fit's model.
        model_kwargs: keyword arguments for the `model` callable.
        fit_kwargs: keyword arguments for `Model.fit`.

    Attributes:
        model_: the fitted Keras model.
        history_: the `History` its `fit` returned.
        n_features_in_: the number of features seen by `fit`.

    Example:

    >>> def build(X, y):
    ...     model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(1)])
    ...     model.compile(loss="mse", optimizer="adam")
    ...     return model
    >>> regressor = keras.wrappers.SKLearnRegressor(build, fit_kwargs={"epochs": 5})
    >>> regressor.fit(X, y).predict(X)  # doctest: +SKIP
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        return tags

    def _process_target(self, y, reset=False):
        return y.reshape(-1, 1)

    def _reverse_process_target(self, y):
        y = y.reshape(len(y), -1)
        return y.ravel() if y.shape[1] == 1 else y
