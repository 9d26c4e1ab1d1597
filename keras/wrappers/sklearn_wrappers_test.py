"""The scikit-learn wrappers: fitting, predicting, scikit-learn's tooling
(clone, Pipeline, GridSearchCV, pickle) and their errors."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

import keras
from keras import wrappers

TRAINS = keras.backend.backend() not in ("numpy", "openvino")
needs_training = pytest.mark.skipif(
    not TRAINS, reason="fit needs automatic differentiation (numpy/openvino do not train)"
)
FIT = {"epochs": 40, "batch_size": 64, "verbose": 0}


@pytest.fixture(autouse=True)
def seeded():
    keras.utils.set_random_seed(0)


def build(X, y, hidden=0, learning_rate=0.1):
    """A softmax classifier (one-hot y) or a linear regressor (one column)."""
    inputs = keras.Input((X.shape[1],))
    features = inputs
    if hidden:
        features = keras.layers.Dense(hidden, activation="relu")(features)
    classes = y.shape[1] if y.shape[1] > 1 else None
    outputs = keras.layers.Dense(
        classes or 1, activation="softmax" if classes else None
    )(features)
    model = keras.Model(inputs, outputs)
    loss = "categorical_crossentropy" if classes else "mse"
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    return model


def blobs(seed=0):
    """Two well separated classes in 2-D."""
    rng = np.random.RandomState(seed)
    X = np.concatenate([rng.normal(-2, 0.5, (20, 2)), rng.normal(2, 0.5, (20, 2))])
    return X.astype("float32"), np.array(["neg"] * 20 + ["pos"] * 20)


@needs_training
def test_classifier_learns_and_predicts_its_models_argmax():
    X, y = blobs()
    classifier = wrappers.SKLearnClassifier(build, fit_kwargs=FIT)
    assert classifier.fit(X, y) is classifier
    np.testing.assert_array_equal(classifier.classes_, ["neg", "pos"])
    assert classifier.n_features_in_ == 2
    raw = classifier.model_.predict(X, verbose=0)
    np.testing.assert_allclose(classifier.decision_function(X), raw, rtol=1e-6)
    np.testing.assert_array_equal(classifier.predict(X), classifier.classes_[raw.argmax(1)])
    assert classifier.score(X, y) >= 0.9
    assert len(classifier.history_.history["loss"]) == FIT["epochs"]


@needs_training
def test_regressor_predicts_a_flat_array_and_scores_r2():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(32, 3)).astype("float32")
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    regressor = wrappers.SKLearnRegressor(build, fit_kwargs=FIT).fit(X, y)
    predictions = regressor.predict(X)
    assert predictions.shape == (32,)
    np.testing.assert_allclose(predictions, regressor.model_.predict(X, verbose=0)[:, 0])
    np.testing.assert_allclose(regressor.score(X, y), r2_score(y, predictions), rtol=1e-5)
    assert regressor.score(X, y) > 0.5


@needs_training
def test_transformer_outputs_the_model_in_a_pipeline():
    X, labels = blobs()
    y = (labels == "pos").astype("float32")
    transformer = wrappers.SKLearnTransformer(build, fit_kwargs=FIT)
    pipeline = Pipeline([("keras", transformer), ("linear", LinearRegression())])
    pipeline.fit(X, y)
    fitted = pipeline.named_steps["keras"]
    features = fitted.transform(X)
    np.testing.assert_allclose(features, fitted.model_.predict(X, verbose=0), rtol=1e-6)
    linear = pipeline.named_steps["linear"]
    np.testing.assert_allclose(
        pipeline.predict(X),
        features @ linear.coef_ + linear.intercept_,
        rtol=1e-4,
        atol=1e-5,
    )


def test_params_follow_scikit_learn_conventions():
    classifier = wrappers.SKLearnClassifier(
        build, model_kwargs={"hidden": 3}, fit_kwargs={"epochs": 2}
    )
    assert classifier.get_params() == {
        "model": build,
        "warm_start": False,
        "model_kwargs": {"hidden": 3},
        "fit_kwargs": {"epochs": 2},
    }
    copy = clone(classifier.set_params(warm_start=True))
    assert copy.warm_start is True and copy.model_kwargs == {"hidden": 3}
    assert copy.__sklearn_tags__().non_deterministic
    assert copy.__sklearn_tags__().estimator_type == "classifier"
    assert wrappers.SKLearnRegressor(build).__sklearn_tags__().estimator_type == "regressor"
    with pytest.raises(NotFittedError):
        classifier.predict(np.zeros((2, 2)))


@needs_training
def test_grid_search_picks_model_kwargs():
    X, y = blobs()
    # The learning model first: a tie (an untrained model may separate the blobs by
    # chance) goes to the first candidate.
    search = GridSearchCV(
        wrappers.SKLearnClassifier(build, fit_kwargs={"epochs": 5, "verbose": 0}),
        {"model_kwargs": [{"learning_rate": 0.2}, {"learning_rate": 0.0}]},
        cv=2,
    )
    search.fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert scores[0] >= scores[1] and scores[0] >= 0.9
    assert search.best_params_ == {"model_kwargs": {"learning_rate": 0.2}}
    assert search.score(X, y) >= 0.9


@needs_training
def test_a_model_instance_is_cloned_unless_warm_start():
    X, y = blobs()
    model = build(X, np.zeros((40, 2)))
    before = [w.copy() for w in model.get_weights()]
    fit_kwargs = {"epochs": 2, "verbose": 0}
    cold = wrappers.SKLearnClassifier(model, fit_kwargs=fit_kwargs).fit(X, y)
    assert cold.model_ is not model
    for weight, old in zip(model.get_weights(), before):
        np.testing.assert_array_equal(weight, old)
    warm = wrappers.SKLearnClassifier(model, warm_start=True, fit_kwargs=fit_kwargs)
    assert warm.fit(X, y).model_ is model


@needs_training
def test_warm_start_keeps_training_the_same_model():
    X, y = blobs()
    fit_kwargs = {"epochs": 1, "verbose": 0}
    warm = wrappers.SKLearnClassifier(build, warm_start=True, fit_kwargs=fit_kwargs)
    warm.fit(X, y)
    first = warm.model_
    assert warm.fit(X, y).model_ is first
    cold = wrappers.SKLearnClassifier(build, fit_kwargs=fit_kwargs).fit(X, y)
    first = cold.model_
    assert cold.fit(X, y).model_ is not first


@needs_training
def test_pickle_round_trip_keeps_predictions():
    X, y = blobs()
    classifier = wrappers.SKLearnClassifier(build, fit_kwargs={"epochs": 3, "verbose": 0})
    classifier.fit(X, y)
    restored = pickle.loads(pickle.dumps(classifier))
    np.testing.assert_allclose(
        restored.decision_function(X), classifier.decision_function(X), rtol=1e-6
    )
    np.testing.assert_array_equal(restored.classes_, classifier.classes_)
    assert restored.history_.history == classifier.history_.history


def test_errors_name_the_argument():
    X, y = blobs()
    with pytest.raises(TypeError, match="`model` must be a compiled keras.Model"):
        wrappers.SKLearnClassifier(42).fit(X, y)
    with pytest.raises(TypeError, match="`fit_kwargs` must be a dict"):
        wrappers.SKLearnClassifier(build, fit_kwargs=[1]).fit(X, y)
    with pytest.raises(ValueError, match="binary and multiclass targets only"):
        wrappers.SKLearnClassifier(build).fit(X, np.linspace(0, 1, 40))

    def uncompiled(X, y):
        return keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])

    with pytest.raises(ValueError, match="must be compiled"):
        wrappers.SKLearnClassifier(uncompiled).fit(X, y)


@pytest.mark.skipif(TRAINS, reason="checks the error of backends that cannot train")
def test_fit_without_a_training_backend_is_a_clear_error():
    X, y = blobs()
    with pytest.raises(NotImplementedError, match="Training is not supported"):
        wrappers.SKLearnClassifier(build, fit_kwargs={"verbose": 0}).fit(X, y)
