"""What the scikit-learn wrappers share: building the model and fitting it.

`SKLBase` is a scikit-learn `BaseEstimator` around a compiled Keras model. Its four
constructor arguments are its scikit-learn parameters (so `get_params`, `set_params`,
`clone`, `Pipeline` and `GridSearchCV` work); everything learned by `fit` ends with an
underscore (`model_`, `history_`, `n_features_in_`). Subclasses say how the target is
turned into what the model trains on (`_process_target`) and back.
"""

try:
    from sklearn.base import BaseEstimator
    from sklearn.utils.validation import check_is_fitted
    from sklearn.utils.validation import validate_data
except ImportError as error:  # pragma: no cover - scikit-learn is in the project env
    raise ImportError(
        "keras.wrappers needs scikit-learn (>= 1.6): install it with "
        "`pip install scikit-learn`."
    ) from error

from keras.models.cloning import clone_model
from keras.models.model import Model
from keras.wrappers import model_pickling


def _check_kwargs_dict(value, name):
    if value is not None and not isinstance(value, dict):
        raise TypeError(
            f"Argument `{name}` must be a dict of keyword arguments or None; received "
            f"{name}={value!r} of type {type(value).__name__}."
        )
    return dict(value or {})


class SKLBase(BaseEstimator):
    """A Keras model behind the scikit-learn estimator API (base of the wrappers).

    Args:
        model: a compiled `keras.Model`, or a callable returning one. The callable is
            called as `model(X=X, y=y, **model_kwargs)` at every `fit` (with the
            validated inputs and the processed target, so it can size the model from
            them). A `Model` instance is cloned (fresh weights) and compiled like the
            original before each fit, unless `warm_start=True`.
        warm_start: whether `fit` goes on training the model of the previous fit
            (keeping its weights) instead of starting from a fresh one.
        model_kwargs: keyword arguments for the `model` callable.
        fit_kwargs: keyword arguments for `Model.fit` (e.g. `epochs`, `batch_size`,
            `verbose`); their `verbose` also quiets `predict`.
    """

    def __init__(self, model, warm_start=False, model_kwargs=None, fit_kwargs=None):
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Training starts from random weights and may not learn a toy problem in the
        # few epochs scikit-learn's checks allow.
        tags.non_deterministic = True
        return tags

    def __getstate__(self):
        state = super().__getstate__()
        return model_pickling.picklable_state(state)

    def __setstate__(self, state):
        super().__setstate__(model_pickling.restored_state(state))

    def _get_model(self, X, y):
        if self.warm_start and getattr(self, "model_", None) is not None:
            return self.model_
        if isinstance(self.model, Model):
            if self.warm_start:
                return self.model
            return _fresh_copy(self.model)
        if callable(self.model):
            model_kwargs = _check_kwargs_dict(self.model_kwargs, "model_kwargs")
            model = self.model(X=X, y=y, **model_kwargs)
            if not isinstance(model, Model):
                raise TypeError(
                    "The `model` callable must return a compiled keras.Model; it "
                    f"returned {model!r} of type {type(model).__name__}."
                )
            return model
        raise TypeError(
            "Argument `model` must be a compiled keras.Model or a callable returning "
            f"one; received model={self.model!r} of type {type(self.model).__name__}."
        )

    # Whether fit converts the target to numbers (regression) or keeps labels.
    _numeric_target = True

    def _process_target(self, y, reset=False):
        """The target as the model trains on it (2-D); `reset` when fitting."""
        raise NotImplementedError

    def _reverse_process_target(self, y):
        """The model's predictions turned back into the target's form."""
        raise NotImplementedError

    def _verbose(self):
        return _check_kwargs_dict(self.fit_kwargs, "fit_kwargs").get("verbose", "auto")

    def fit(self, X, y):
        """Builds (or reuses, with `warm_start`) the model and trains it on `X`, `y`.

        Args:
            X: array-like of shape `(n_samples, n_features)`.
            y: array-like of shape `(n_samples,)`.

        Returns:
            The estimator itself, fitted.
        """
        fit_kwargs = _check_kwargs_dict(self.fit_kwargs, "fit_kwargs")
        X, y = validate_data(self, X, y, y_numeric=self._numeric_target)
        y = self._process_target(y, reset=True)
        model = self._get_model(X, y)
        if not getattr(model, "compiled", False):
            raise ValueError(
                f"The model '{model.name}' must be compiled before the wrapper fits it: "
                "call `model.compile(optimizer=..., loss=...)` in the `model` callable "
                "(or before passing the model)."
            )
        self.history_ = model.fit(X, y, **fit_kwargs)
        self.model_ = model
        return self

    def predict(self, X):
        """The model's predictions for `X`, in the form of the target."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        raw = self.model_.predict(X, verbose=self._verbose())
        return self._reverse_process_target(raw)


def _fresh_copy(model):
    """`model` re-created with new weights and compiled with the same arguments."""
    config = model.get_compile_config()
    if config is None:
        raise ValueError(
            f"The model '{model.name}' given as `model` must be compiled: call "
            "`model.compile(optimizer=..., loss=...)` before wrapping it."
        )
    clone = clone_model(model)
    clone.compile_from_config(config)
    return clone
