"""Embedding: harness checks, NumPy lookup reference, masks, dtypes, LoRA, errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common import config
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.core.embedding import Embedding
from keras.layers.input_layer import Input
from keras.layers.testing import run_layer_test
from keras.models import Model


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("input_shape", [(2,), (2, 3), (2, 3, 4)])
def test_harness(input_shape):
    run_layer_test(
        Embedding,
        init_kwargs={"input_dim": 6, "output_dim": 4},
        input_shape=input_shape,
        input_dtype="int32",
        expected_output_shape=input_shape + (4,),
        expected_output_dtype="float32",
        expected_num_trainable_weights=1,
    )


def test_harness_with_mask_and_regularizer():
    run_layer_test(
        Embedding,
        init_kwargs={
            "input_dim": 5,
            "output_dim": 3,
            "mask_zero": True,
            "embeddings_regularizer": "l2",
        },
        input_shape=(2, 4),
        input_dtype="int64",
        expected_output_shape=(2, 4, 3),
        expected_num_trainable_weights=1,
        expected_num_losses=1,
        supports_masking=True,
        expected_mask_shape=(2, 4),
    )


@pytest.mark.parametrize("dtype", ["int32", "int64", "float32"])
@pytest.mark.parametrize("shape", [(3,), (2, 5), (2, 2, 3)])
def test_matches_numpy(dtype, shape):
    rng = np.random.default_rng(0)
    table = rng.standard_normal((7, 3)).astype("float32")
    indices = rng.integers(0, 7, size=shape)
    layer = Embedding(7, 3, weights=table)
    out = layer(indices.astype(dtype))
    np.testing.assert_allclose(_np(out), table[indices], rtol=1e-6)


def test_weights_argument_builds_layer():
    table = np.arange(6, dtype="float32").reshape(3, 2)
    layer = Embedding(3, 2, weights=[table])
    assert layer.built
    assert [w.name for w in layer.weights] == ["embeddings"]
    np.testing.assert_array_equal(layer.get_weights()[0], table)
    with pytest.raises(ValueError, match="shape"):
        Embedding(3, 2, weights=np.zeros((4, 2), "float32"))


def test_compute_mask():
    indices = np.array([[0, 1, 2], [3, 0, 0]])
    masked = Embedding(4, 2, mask_zero=True)
    np.testing.assert_array_equal(_np(masked.compute_mask(indices, None)), indices != 0)
    assert Embedding(4, 2).compute_mask(indices, None) is None
    out = masked(indices)
    mask = getattr(out, "_keras_mask", None)
    if mask is not None:  # NumPy arrays cannot carry a mask attribute.
        np.testing.assert_array_equal(_np(mask), indices != 0)


def test_symbolic_and_dtypes():
    layer = Embedding(10, 4, dtype="mixed_float16")
    out = layer(KerasTensor((None, 5), dtype="int32"))
    assert out.shape == (None, 5, 4)
    assert out.dtype == "float16"
    eager = layer(np.array([[1, 2]]))
    assert _np(eager).dtype == np.float16
    assert layer.embeddings.dtype == "float32"


def test_config():
    layer = Embedding(8, 3, mask_zero=True, embeddings_initializer="ones")
    config = layer.get_config()
    assert config["input_dim"] == 8 and config["output_dim"] == 3
    assert config["mask_zero"] is True
    assert config["embeddings_initializer"]["class_name"] == "Ones"
    for key in (
        "embeddings_regularizer",
        "embeddings_constraint",
        "activity_regularizer",
    ):
        assert config[key] is None
    assert Embedding.from_config(config).get_config() == config


@pytest.mark.parametrize("input_dim", [0, -3, 2.5, "10", None])
def test_invalid_input_dim(input_dim):
    with pytest.raises(ValueError, match="input_dim"):
        Embedding(input_dim, 4)


@pytest.mark.parametrize("output_dim", [0, -1, 1.5])
def test_invalid_output_dim(output_dim):
    with pytest.raises(ValueError, match="output_dim"):
        Embedding(4, output_dim)


def test_input_length_is_deprecated():
    with pytest.warns(UserWarning, match="input_length"):
        layer = Embedding(4, 2, input_length=3)
    assert "input_length" not in layer.get_config()


def test_lora():
    rng = np.random.default_rng(1)
    indices = rng.integers(0, 6, size=(2, 3))
    layer = Embedding(6, 4, lora_rank=2)
    y_before = _np(layer(indices))
    assert [w.name for w in layer.trainable_weights] == [
        "lora_embeddings_a",
        "lora_embeddings_b",
    ]
    table, a, _ = layer.get_weights()
    np.testing.assert_allclose(y_before, table[indices], rtol=1e-6)
    b = rng.standard_normal((2, 4)).astype("float32")
    layer.lora_embeddings_b.assign(b)
    merged = table + a @ b
    np.testing.assert_allclose(
        _np(layer(indices)), merged[indices], rtol=1e-4, atol=1e-5
    )
    store = {}
    layer.save_own_variables(store)
    assert list(store) == ["0"]
    np.testing.assert_allclose(store["0"], merged, rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="constraint"):
        constrained = Embedding(6, 4, embeddings_constraint="non_neg")
        constrained.build()
        constrained.enable_lora(2)


@pytest.mark.parametrize("bad", [-3, -1, 10, 50])
def test_out_of_range_indices_raise_when_called_eagerly(bad):
    # Engines disagree (row 7 for -3 everywhere, NaN for 50 on jax): an eager call
    # checks the indices and says which one is wrong, on every backend.
    layer = Embedding(10, 2)
    layer.build()
    with pytest.raises(ValueError, match=rf"\[0, 10\).*the index {bad}\b"):
        layer(np.array([[1, bad, 4]]))
    rng = np.random.default_rng(0)
    table = _np(layer.embeddings)
    indices = rng.integers(0, 10, size=(3, 5))
    np.testing.assert_array_equal(_np(layer(indices)), table[indices])


def test_indices_of_unknown_value_are_clipped(monkeypatch):
    # Inside jax.jit or tf.function the values are unknown: the layer clips them into
    # range, so every backend returns the same rows. Simulated here on every backend.
    from keras.layers.core import embedding

    monkeypatch.setattr(embedding, "_known_bounds", lambda indices: None)
    layer = Embedding(10, 3)
    layer.build()
    table = _np(layer.embeddings)
    indices = np.array([[-3, 0, 9, 10, 50, 4]])
    np.testing.assert_array_equal(_np(layer(indices)), table[np.clip(indices, 0, 9)])


def test_huge_table_is_a_clear_error():
    with pytest.raises(ValueError, match="Embedding: the table shape"):
        Embedding(2**62, 4)


@pytest.mark.skipif(
    config.backend() not in ("jax", "tensorflow"),
    reason="predict runs eagerly on numpy and torch, where out-of-range indices raise "
    "(test_out_of_range_indices_raise_when_called_eagerly)",
)
def test_compiled_predict_clips_out_of_range_indices():
    inputs = Input((4,), dtype="int32")
    layer = Embedding(10, 2)
    model = Model(inputs, layer(inputs))
    table = _np(layer.embeddings)
    indices = np.array([[-3, 50, 2, 9]], "int32")
    np.testing.assert_array_equal(
        model.predict(indices, verbose=0), table[np.clip(indices, 0, 9)]
    )
