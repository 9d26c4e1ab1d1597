"""scikit-learn 1.9.1's estimator checks that Keras 3.15.1's wrappers pass.

KERAS3_PASSES lists, per wrapper, every check of `check_estimator` that Keras 3.15.1
passed (run in the Keras 3 venv with the same model-building function and fit
arguments). The fast ones (no training, or one tiny fit) run by default; set
KERAS_SKLEARN_ALL_CHECKS=1 to run every listed check (minutes).

Left out: `check_fit_idempotent`, which Keras 3 passes or fails by chance (two fits
start from different random weights), and the checks Keras 3 fails as well
(`check_classifiers_train` and the other accuracy checks on one epoch of training).
"""

import os
import warnings

import pytest
from sklearn.utils import estimator_checks

import keras
from keras import wrappers

KERAS3_PASSES = {
    "SKLearnClassifier": [
        "check_classifiers_one_label",
        "check_classifiers_regression_target",
        "check_complex_data",
        "check_decision_proba_consistency",
        "check_dict_unchanged",
        "check_do_not_raise_errors_in_init_or_set_params",
        "check_dont_overwrite_parameters",
        "check_dtype_object",
        "check_estimator_cloneable",
        "check_estimator_repr",
        "check_estimator_sparse_array",
        "check_estimator_sparse_matrix",
        "check_estimator_sparse_tag",
        "check_estimator_tags_renamed",
        "check_estimators_dtypes",
        "check_estimators_empty_data_messages",
        "check_estimators_fit_returns_self",
        "check_estimators_nan_inf",
        "check_estimators_overwrite_params",
        "check_estimators_partial_fit_n_features",
        "check_estimators_pickle",
        "check_estimators_unfitted",
        "check_f_contiguous_array_estimator",
        "check_fit1d",
        "check_fit2d_1feature",
        "check_fit2d_1sample",
        "check_fit2d_predict1d",
        "check_fit_check_is_fitted",
        "check_fit_idempotent",
        "check_fit_score_takes_y",
        "check_get_params_invariance",
        "check_mixin_order",
        "check_n_features_in",
        "check_n_features_in_after_fitting",
        "check_no_attributes_set_in_init",
        "check_non_transformer_estimators_n_iter",
        "check_parameters_default_constructible",
        "check_positive_only_tag_during_fit",
        "check_readonly_memmap_input",
        "check_requires_y_none",
        "check_set_params",
        "check_supervised_y_no_nan",
        "check_valid_tag_types",
    ],
    "SKLearnRegressor": [
        "check_complex_data",
        "check_dict_unchanged",
        "check_do_not_raise_errors_in_init_or_set_params",
        "check_dont_overwrite_parameters",
        "check_dtype_object",
        "check_estimator_cloneable",
        "check_estimator_repr",
        "check_estimator_sparse_array",
        "check_estimator_sparse_matrix",
        "check_estimator_sparse_tag",
        "check_estimator_tags_renamed",
        "check_estimators_dtypes",
        "check_estimators_empty_data_messages",
        "check_estimators_fit_returns_self",
        "check_estimators_nan_inf",
        "check_estimators_overwrite_params",
        "check_estimators_partial_fit_n_features",
        "check_estimators_pickle",
        "check_estimators_unfitted",
        "check_f_contiguous_array_estimator",
        "check_fit1d",
        "check_fit2d_1feature",
        "check_fit2d_1sample",
        "check_fit2d_predict1d",
        "check_fit_check_is_fitted",
        "check_fit_score_takes_y",
        "check_get_params_invariance",
        "check_mixin_order",
        "check_n_features_in",
        "check_n_features_in_after_fitting",
        "check_no_attributes_set_in_init",
        "check_non_transformer_estimators_n_iter",
        "check_parameters_default_constructible",
        "check_positive_only_tag_during_fit",
        "check_readonly_memmap_input",
        "check_regressors_no_decision_function",
        "check_regressors_train",
        "check_requires_y_none",
        "check_set_params",
        "check_supervised_y_no_nan",
        "check_valid_tag_types",
    ],
    "SKLearnTransformer": [
        "check_complex_data",
        "check_dict_unchanged",
        "check_do_not_raise_errors_in_init_or_set_params",
        "check_dont_overwrite_parameters",
        "check_dtype_object",
        "check_estimator_cloneable",
        "check_estimator_repr",
        "check_estimator_sparse_array",
        "check_estimator_sparse_matrix",
        "check_estimator_sparse_tag",
        "check_estimator_tags_renamed",
        "check_estimators_dtypes",
        "check_estimators_empty_data_messages",
        "check_estimators_fit_returns_self",
        "check_estimators_nan_inf",
        "check_estimators_overwrite_params",
        "check_estimators_pickle",
        "check_estimators_unfitted",
        "check_f_contiguous_array_estimator",
        "check_fit1d",
        "check_fit2d_1feature",
        "check_fit2d_1sample",
        "check_fit2d_predict1d",
        "check_fit_check_is_fitted",
        "check_fit_score_takes_y",
        "check_get_params_invariance",
        "check_mixin_order",
        "check_n_features_in",
        "check_n_features_in_after_fitting",
        "check_no_attributes_set_in_init",
        "check_parameters_default_constructible",
        "check_positive_only_tag_during_fit",
        "check_readonly_memmap_input",
        "check_set_params",
        "check_transformer_n_iter",
        "check_transformers_unfitted",
        "check_valid_tag_types",
    ],
}

# Checks that fit several times or on larger data: only with KERAS_SKLEARN_ALL_CHECKS.
SLOW = {
    "check_classifiers_one_label",
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_dtype_object",
    "check_estimators_dtypes",
    "check_estimators_fit_returns_self",
    "check_estimators_nan_inf",
    "check_f_contiguous_array_estimator",
    "check_fit2d_1feature",
    "check_fit_check_is_fitted",
    "check_fit_score_takes_y",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
    "check_positive_only_tag_during_fit",
    "check_regressors_train",
}
RANDOM = {"check_fit_idempotent"}
ALL = os.environ.get("KERAS_SKLEARN_ALL_CHECKS") == "1"


def build(X, y, loss, layers=(4,)):
    """An MLP sized from the data: softmax outputs for one-hot targets."""
    inputs = keras.Input((X.shape[1],))
    hidden = inputs
    for units in layers:
        hidden = keras.layers.Dense(units, activation="relu")(hidden)
    outputs = keras.layers.Dense(
        y.shape[1], activation="softmax" if loss == "categorical_crossentropy" else None
    )(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(loss=loss, optimizer="rmsprop")
    return model


def estimator(name):
    loss = "categorical_crossentropy" if name == "SKLearnClassifier" else "mse"
    return getattr(wrappers, name)(
        model=build,
        model_kwargs={"loss": loss, "layers": [4]},
        fit_kwargs={"epochs": 1, "verbose": 0},
    )


_SLOW_REASON = (
    "a slow check (1.5 s or more on jax: it fits several times or on larger data); "
    "set KERAS_SKLEARN_ALL_CHECKS=1 to run it"
)
CASES = [
    pytest.param(
        name,
        check,
        id=f"{name}-{check}",
        marks=[pytest.mark.skip(reason=_SLOW_REASON)] if check in SLOW and not ALL else [],
    )
    for name, checks in KERAS3_PASSES.items()
    for check in checks
    if check not in RANDOM
]


@pytest.mark.parametrize("name, check", CASES)
def test_passes_the_checks_keras3_passes(name, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        getattr(estimator_checks, check)(name, estimator(name))
