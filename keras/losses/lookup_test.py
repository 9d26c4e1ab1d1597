"""keras.losses.get / serialize / deserialize, aliases and custom losses."""

import json

import numpy as np
import pytest

import keras
from keras import losses
from keras.ops import testing

FUNCTIONS = [
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_generalized_cross_entropy",
    "categorical_hinge",
    "circle",
    "cosine_similarity",
    "ctc",
    "dice",
    "hinge",
    "huber",
    "kl_divergence",
    "log_cosh",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "poisson",
    "sparse_categorical_crossentropy",
    "squared_hinge",
    "tversky",
]

CLASSES = [
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "gamma": 1.0}),
    ("CategoricalCrossentropy", {"label_smoothing": 0.2, "axis": 1}),
    ("CategoricalFocalCrossentropy", {"alpha": 0.5}),
    ("CategoricalGeneralizedCrossEntropy", {"q": 0.8}),
    ("CategoricalHinge", {}),
    ("Circle", {"gamma": 10.0, "margin": 0.2}),
    ("CosineSimilarity", {"axis": 0}),
    ("CTC", {}),
    ("Dice", {"axis": (1, 2)}),
    ("Hinge", {}),
    ("Huber", {"delta": 2.5}),
    ("KLDivergence", {}),
    ("LogCosh", {}),
    ("MeanAbsoluteError", {}),
    ("MeanAbsolutePercentageError", {}),
    ("MeanSquaredError", {}),
    ("MeanSquaredLogarithmicError", {}),
    ("Poisson", {}),
    ("SparseCategoricalCrossentropy", {"ignore_class": -1}),
    ("SquaredHinge", {}),
    ("Tversky", {"alpha": 0.3, "beta": 0.7}),
]

ALIASES = {
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "bce": "binary_crossentropy",
    "BCE": "binary_crossentropy",
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_get_and_round_trip_functions(name):
    function = getattr(losses, name)
    assert losses.get(name) is function
    config = losses.serialize(function)
    assert config == {
        "module": "keras.losses",
        "class_name": "function",
        "config": name,
        "registered_name": name,
    }
    assert losses.deserialize(json.loads(json.dumps(config))) is function
    assert losses.deserialize(name) is function


@pytest.mark.parametrize("alias, name", sorted(ALIASES.items()))
def test_aliases(alias, name):
    assert losses.get(alias) is getattr(losses, name)
    assert losses.deserialize(alias) is getattr(losses, name)


@pytest.mark.parametrize("name, arguments", CLASSES)
def test_round_trip_classes(name, arguments):
    cls = getattr(losses, name)
    loss = cls(reduction="sum", **arguments)
    config = losses.serialize(loss)
    assert config["module"] == "keras.losses" and config["class_name"] == name
    assert config["registered_name"] is None
    again = losses.deserialize(json.loads(json.dumps(config)))
    assert type(again) is cls
    assert again.get_config() == loss.get_config()
    assert isinstance(losses.get(name), cls)
    assert isinstance(losses.get(cls), cls)
    assert losses.get(config).get_config() == loss.get_config()


def test_get_passes_callables_and_none_through():
    loss = losses.Huber()
    assert losses.get(loss) is loss
    assert losses.get(None) is None

    def custom(y_true, y_pred):
        return y_pred - y_true

    assert losses.get(custom) is custom


def test_unknown_names_are_errors():
    with pytest.raises(ValueError, match="Could not interpret the loss identifier"):
        losses.get("nope")
    with pytest.raises(ValueError, match="Unknown loss 'nope'"):
        losses.deserialize("nope")
    with pytest.raises(ValueError, match="Could not interpret the loss identifier"):
        losses.get(3)


def test_custom_registered_loss_round_trip():
    @keras.saving.register_keras_serializable(package="losses_test")
    class ScaledError(keras.losses.Loss):
        def __init__(self, scale=1.0, **kwargs):
            super().__init__(**kwargs)
            self.scale = scale

        def call(self, y_true, y_pred):
            return self.scale * keras.ops.mean(keras.ops.abs(y_pred - y_true), axis=-1)

        def get_config(self):
            return {**super().get_config(), "scale": self.scale}

    loss = ScaledError(scale=3.0, name="scaled")
    config = losses.serialize(loss)
    assert config["registered_name"] == "losses_test>ScaledError"
    again = losses.deserialize(json.loads(json.dumps(config)))
    assert isinstance(again, ScaledError)
    assert (again.scale, again.name) == (3.0, "scaled")
    y_true = testing.random_array((4, 3), seed=1)
    y_pred = testing.random_array((4, 3), seed=2)
    expected = 3.0 * np.mean(np.abs(y_pred - y_true))
    testing.assert_close(again(y_true, y_pred), np.float32(expected), rtol=1e-5)


def test_custom_objects_in_deserialize():
    def my_loss(y_true, y_pred):
        return y_pred

    config = {
        "module": None,
        "class_name": "function",
        "config": "my_loss",
        "registered_name": "my_loss",
    }
    assert losses.deserialize(config, custom_objects={"my_loss": my_loss}) is my_loss


def test_wrapper_round_trip_through_keras_saving():
    wrapper = losses.LossFunctionWrapper(losses.huber, reduction="sum", delta=0.3)
    config = keras.saving.serialize_keras_object(wrapper)
    again = keras.saving.deserialize_keras_object(json.loads(json.dumps(config)))
    assert isinstance(again, losses.LossFunctionWrapper)
    assert again.fn is losses.huber and again._fn_kwargs == {"delta": 0.3}
    assert again.reduction == "sum"
