"""Variable and layer paths follow Keras 3's name scopes, and a DTypePolicyMap resolves
by them: a layer opens a scope of its name while it builds and runs, so the variables
its sub-layers create on their first call sit under it; a model's build inside its
own call adds its name once; the layer's `path` is the scope path when it is first
built. Every expected list is what Keras 3.15.1 printed for the same code (automatic
names count from a cleared session)."""

import numpy as np
import pytest

import keras
from keras import layers

X = np.zeros((1, 4), "float32")


class Block(layers.Layer):
    """Creates its Dense in __init__ and builds it on the first call (no build())."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.d1 = layers.Dense(3)

    def call(self, x):
        return self.d1(x)


class Outer(layers.Layer):
    """A weight added during call, next to a sub-layer built on its first call."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.b = Block()
        self.v = None

    def call(self, x):
        if self.v is None:
            self.v = self.add_weight(shape=(), name="v")
        return self.b(x) * self.v


class BuildsBlock(keras.Model):
    """A model whose build() builds one sub-layer explicitly."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.b = Block()
        self.d = layers.Dense(1)

    def build(self, input_shape):
        self.b.build(input_shape)

    def call(self, x):
        return self.d(self.b(x))


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def paths(obj):
    return [w.path for w in obj.weights]


def test_weight_added_in_call_and_nested_first_calls():
    outer = Outer()
    outer(X)
    assert paths(outer) == ["outer/v", "outer/block/dense/kernel", "outer/block/dense/bias"]
    assert outer.path == "outer"
    assert outer.b.path == "outer/block"
    assert outer.b.d1.path == "outer/block/dense"


def test_subclassed_model_with_build():
    model = BuildsBlock()
    model(X)
    assert paths(model) == [
        "builds_block/block/dense/kernel", "builds_block/block/dense/bias",
        "builds_block/dense_1/kernel", "builds_block/dense_1/bias",
    ]


def test_sequential_called_on_data_names_the_model_once():
    model = keras.Sequential([Block(), layers.Dense(1)])
    model(X)
    assert paths(model) == [
        "sequential/block/dense/kernel", "sequential/block/dense/bias",
        "sequential/dense_1/kernel", "sequential/dense_1/bias",
    ]


def test_sequential_inside_a_functional_model():
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.Sequential([Block()])(inputs))
    assert paths(model) == ["sequential/block/dense/kernel", "sequential/block/dense/bias"]


def test_a_layer_called_twice_keeps_its_paths():
    block = Block()
    block(X)
    block(X)
    assert paths(block) == ["block/dense/kernel", "block/dense/bias"]


def test_the_scope_at_build_time_counts():
    with keras.name_scope("outer"):
        first = Block()
        first(X)
    second = Block()
    with keras.name_scope("later"):
        second(X)
    assert paths(first) == ["outer/block/dense/kernel", "outer/block/dense/bias"]
    assert paths(second) == ["later/block_1/dense_1/kernel", "later/block_1/dense_1/bias"]
    assert second.path == "later/block_1"
    made_in_scope = None
    with keras.name_scope("x"):
        made_in_scope = layers.Dense(2)
    assert made_in_scope.path is None  # not built yet
    made_in_scope.build((None, 3))
    assert made_in_scope.path == "dense_2"
    assert made_in_scope.kernel.path == "dense_2/kernel"


def test_functional_model_of_input_built_layers_is_unprefixed():
    inputs = keras.Input((4,))
    outputs = layers.Dense(1)(Block()(inputs))  # the outer Dense is made first
    model = keras.Model(inputs, outputs)
    assert paths(model) == [
        "block/dense_1/kernel", "block/dense_1/bias", "dense/kernel", "dense/bias"
    ]


def test_dtype_policy_map_resolves_by_layer_path():
    policy_map = keras.dtype_policies.DTypePolicyMap(default_policy="float32")
    policy_map["sequential/dense"] = "bfloat16"
    policy_map["sequential/dense_1"] = "float16"
    model = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3, dtype=policy_map), layers.Dense(2, dtype=policy_map)]
    )
    assert [(l.path, l.dtype_policy.name, l.compute_dtype) for l in model.layers] == [
        ("sequential/dense", "map_float32", "bfloat16"),
        ("sequential/dense_1", "map_float32", "float16"),
    ]
    assert [w.dtype for w in model.weights] == ["bfloat16", "bfloat16", "float16", "float16"]
    assert keras.backend.standardize_dtype(model(X).dtype) == "float16"


def test_dtype_policy_map_patterns_and_default_survive_a_config_round_trip():
    policy_map = keras.dtype_policies.DTypePolicyMap(default_policy="mixed_bfloat16")
    policy_map["dense.*"] = "float16"
    inputs = keras.Input((4,))
    hidden = layers.Dense(3, dtype=policy_map, name="other")(inputs)
    model = keras.Model(inputs, layers.Dense(2, dtype=policy_map, name="dense_x")(hidden))
    assert [(l.path, l.compute_dtype, l.variable_dtype) for l in model.layers[1:]] == [
        ("other", "bfloat16", "float32"),
        ("dense_x", "float16", "float16"),
    ]
    clone = keras.Model.from_config(model.get_config())
    assert clone.layers[1].compute_dtype == "bfloat16"
