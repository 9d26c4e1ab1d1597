"""`keras.wrappers.SKLearnTransformer`: a Keras model as a scikit-learn transformer."""

from sklearn.base import TransformerMixin

from keras.wrappers.sklearn_base import SKLBase


class SKLearnTransformer(TransformerMixin, SKLBase):
    """A Keras model wrapped as a scikit-learn transformer.

    `fit` trains the model on `X` and a 1-D target `y` (given to the model as a
    column); `transform` returns the model's outputs for `X`, e.g. the embeddings of
    a model whose last layer is a bottleneck. It fits in a `Pipeline` before another
    estimator.

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
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # The outputs are the model's dtype (float32 by default), whatever X was.
        tags.transformer_tags.preserves_dtype = []
        return tags

    def _process_target(self, y, reset=False):
        return y.reshape(-1, 1)

    def _reverse_process_target(self, y):
        return y

    def transform(self, X):
        """The model's outputs for `X`, shape `(n_samples, n_outputs)`."""
        return self.predict(X)
