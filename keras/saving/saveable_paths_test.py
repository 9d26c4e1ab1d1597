"""The object paths of the Keras 3 weights layout (see saveable_paths' docstring)."""

import numpy as np
import pytest

import keras
from keras import layers
from keras.saving import saveable_paths


def paths(model):
    return [(path, type(obj).__name__) for path, obj in saveable_paths.saveables(model)]


class Block(layers.Layer):
    """A custom layer holding a sub-layer and its own weights."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(self.units,), initializer="ones")
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False)
        self.dense.build(input_shape)

    def call(self, x):
        return self.dense(x) * self.scale


class Net(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.head = layers.Dense(1)
        self.encoder = Block(3)
        self.stages = [layers.Dense(4), layers.Dropout(0.1), layers.Dense(4)]
        self.zeta = self.encoder  # a second reference: saved once, under "encoder"

    def build(self, input_shape):
        self.bias = self.add_weight(shape=(1,), initializer="zeros")
        super().build(input_shape)

    def call(self, x):
        for stage in self.stages:
            x = stage(x)
        return self.head(self.encoder(x)) + self.bias


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Dense", "dense"),
        ("InputLayer", "input_layer"),
        ("Conv2D", "conv2d"),
        ("MyHTTPLayer", "my_http_layer"),
        ("LSTMCell", "lstm_cell"),
        ("Sequential", "sequential"),
    ],
)
def test_snake_case_follows_keras(name, expected):
    assert saveable_paths.snake_case(name) == expected


def test_sequential_lists_its_layers_without_the_input():
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(2), layers.Dropout(0.5), layers.Dense(1)]
    )
    assert paths(model) == [
        ("", "Sequential"),
        ("layers/dense", "Dense"),
        ("layers/dropout", "Dropout"),
        ("layers/dense_1", "Dense"),
    ]


def test_functional_order_is_by_depth_then_first_visit():
    # Branch x is two Dense deep, branch y one; outputs list y first. Keras 3 orders
    # by depth from the outputs: a, (b, d0), (d2, d1), concatenate.
    a, b = keras.Input((3,)), keras.Input((4,))
    d0, d1, d2 = layers.Dense(5), layers.Dense(2), layers.Dense(2)
    x = d1(d0(a))
    y = d2(b)
    model = keras.Model([a, b], layers.Concatenate()([y, x]))
    order = saveable_paths.graph_layers(model)
    inputs = [a._keras_history.operation, b._keras_history.operation]
    assert order == inputs + [d0, d2, d1, model.layers[-1]]
    found = dict((obj.name, path) for path, obj in saveable_paths.saveables(model))
    assert found[d0.name] == "layers/dense"
    assert found[d2.name] == "layers/dense_1"
    assert found[d1.name] == "layers/dense_2"
    assert found[a._keras_history.operation.name] == "layers/input_layer"
    assert found[b._keras_history.operation.name] == "layers/input_layer_1"


def test_shared_layer_is_visited_once():
    shared = layers.Dense(2)
    a, b = keras.Input((3,)), keras.Input((3,))
    model = keras.Model([a, b], layers.Add()([shared(a), shared(b)]))
    assert paths(model) == [
        ("", "Functional"),
        ("layers/input_layer", "InputLayer"),
        ("layers/input_layer_1", "InputLayer"),
        ("layers/dense", "Dense"),
        ("layers/add", "Add"),
    ]


def test_nested_models_recurse_into_their_layers():
    inner = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(4)])
    x = keras.Input((3,))
    model = keras.Model(x, layers.Dense(1)(inner(x)))
    assert paths(model) == [
        ("", "Functional"),
        ("layers/input_layer", "InputLayer"),
        ("layers/sequential", "Sequential"),
        ("layers/sequential/layers/dense", "Dense"),
        ("layers/sequential/layers/dense_1", "Dense"),
        ("layers/dense", "Dense"),
    ]


def test_subclassed_model_walks_attributes_public_first_alphabetically():
    model = Net()
    model.build((None, 5))
    assert paths(model) == [
        ("", "Net"),
        ("encoder", "Block"),
        ("encoder/dense", "Dense"),
        ("head", "Dense"),
        # `layers` (Model.layers, in assignment order) sorts before `stages`, so the
        # stages are reached first through it, exactly as in Keras 3.
        ("layers/dense_1", "Dense"),
        ("layers/dropout", "Dropout"),
        ("layers/dense_2", "Dense"),
    ]
    listed = saveable_paths.weight_paths(model)
    assert [p for p, _ in listed] == [
        "vars/0",
        "encoder/vars/0",
        "encoder/vars/1",
        "encoder/dense/vars/0",
        "encoder/dense/vars/1",
        "head/vars/0",
        "head/vars/1",
        "layers/dense_1/vars/0",
        "layers/dense_1/vars/1",
        "layers/dense_2/vars/0",
        "layers/dense_2/vars/1",
    ]
    # Own variables: trainable first, then non-trainable.
    assert listed[1][1] is model.encoder.scale and listed[2][1] is model.encoder.count
    assert sorted(map(id, (v for _, v in listed))) == sorted(map(id, model.weights))


def test_a_container_item_seen_before_still_takes_its_number():
    class Twice(layers.Layer):  # a Layer: no `layers` attribute in the walk
        def __init__(self):
            super().__init__()
            self.first = layers.Dense(2)
            self.zlist = [self.first, layers.Dense(2)]

        def call(self, x):
            return self.zlist[1](self.first(x))

    layer = Twice()
    layer(np.ones((1, 2), "float32"))
    assert [p for p, _ in paths(layer)] == ["", "first", "zlist/dense_1"]


def test_optimizers_are_saveable_and_metrics_are_not():
    class FakeOptimizer:
        name = "sgd"

        def __init__(self):
            self.variables = [keras.Variable(np.zeros(2, "float32"))]

        def apply_gradients(self, grads_and_vars):
            return None

    class Metric:
        variables = []

    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    model.optimizer = FakeOptimizer()
    model.metric = Metric()
    assert paths(model)[-1] == ("optimizer", "FakeOptimizer")
    assert [p for p, _ in saveable_paths.weight_paths(model)][-1] == "optimizer/vars/0"
    skipped = saveable_paths.saveables(model, objects_to_skip=[model.optimizer])
    assert [p for p, _ in skipped] == ["", "layers/dense"]
