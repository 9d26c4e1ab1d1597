"""Pipeline: layers applied in order (eagerly, in a model, in tf.data), dict inputs
passed through, config round trip and errors."""

import numpy as np
import pytest

import keras
from keras import config
from keras import ops
from keras.layers.testing import FIT_GAPS


class _AddToImages(keras.layers.Layer):
    """Adds `amount` to data["images"]; leaves the other entries alone."""

    def __init__(self, amount, **kwargs):
        super().__init__(**kwargs)
        self.amount = amount

    def call(self, data):
        return {**data, "images": data["images"] + self.amount}

    def get_config(self):
        return {**super().get_config(), "amount": self.amount}


def _pipeline():
    return keras.layers.Pipeline(
        [
            keras.layers.Discretization(bin_boundaries=[0.0, 1.0]),
            keras.layers.CategoryEncoding(num_tokens=3, output_mode="one_hot"),
        ]
    )


def _reference(x):
    return np.eye(3)[np.digitize(x, [0.0, 1.0])]


def test_layers_run_in_order():
    x = np.array([-1.0, 0.5, 2.0, 0.0], "float32")
    out = ops.convert_to_numpy(_pipeline()(x))
    np.testing.assert_allclose(out, _reference(x))


def test_dict_inputs_pass_through():
    pipeline = keras.layers.Pipeline([_AddToImages(1.0), _AddToImages(2.0)])
    data = {"images": np.ones((2, 3), "float32"), "labels": np.array([1, 2])}
    out = pipeline(data)
    images = ops.convert_to_numpy(out["images"])
    np.testing.assert_allclose(images, np.full((2, 3), 4.0))
    np.testing.assert_array_equal(ops.convert_to_numpy(out["labels"]), [1, 2])


def test_config_round_trip():
    pipeline = _pipeline()
    config_dict = pipeline.get_config()
    assert sorted(config_dict) == ["layers", "name"]
    assert [c["class_name"] for c in config_dict["layers"]] == [
        "Discretization",
        "CategoryEncoding",
    ]
    clone = keras.layers.Pipeline.from_config(config_dict)
    assert [type(layer) for layer in clone.layers] == [
        type(layer) for layer in pipeline.layers
    ]
    x = np.array([3.0, -2.0], "float32")
    np.testing.assert_allclose(ops.convert_to_numpy(clone(x)), _reference(x))


def test_weights_and_training_in_a_model():
    pipeline = keras.layers.Pipeline([keras.layers.Dense(4), keras.layers.Dense(2)])
    model = keras.Sequential([keras.Input((3,)), pipeline, keras.layers.Dense(1)])
    assert len(pipeline.trainable_weights) == 4
    assert tuple(model.output_shape) == (None, 1)
    if config.backend() in FIT_GAPS:
        pytest.skip(FIT_GAPS[config.backend()])
    model.compile(optimizer="sgd", loss="mse")
    before = ops.convert_to_numpy(pipeline.layers[0].kernel).copy()
    x = np.random.default_rng(0).standard_normal((8, 3)).astype("float32")
    model.fit(x, np.ones((8, 1), "float32"), epochs=1, batch_size=8, verbose=0)
    assert not np.allclose(before, ops.convert_to_numpy(pipeline.layers[0].kernel))


def test_in_tf_data():
    tf = pytest.importorskip("tensorflow")
    x = np.array([-1.0, 0.5, 2.0, 0.0], "float32")
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(4).map(_pipeline())
    np.testing.assert_allclose(next(iter(dataset)).numpy(), _reference(x))


def test_layers_argument_error():
    with pytest.raises(ValueError, match="`layers`"):
        keras.layers.Pipeline("dense")
    with pytest.raises(ValueError, match="`layers`"):
        keras.layers.Pipeline([keras.layers.Dense(1), 3])
