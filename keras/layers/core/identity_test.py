"""Identity: returns its inputs, of any structure, and passes masks on."""

import numpy as np

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.core.identity import Identity
from keras.layers.testing import run_layer_test


def test_harness():
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")
    run_layer_test(
        Identity,
        input_data=x,
        expected_output=x,
        expected_output_shape=(2, 3, 4),
        supports_masking=True,
        input_mask=np.random.default_rng(2).random((2, 3)) > 0.3,
        expected_mask_shape=(2, 3),
    )


def test_structures_and_integers():
    x = np.random.default_rng(1).standard_normal((2, 3)).astype("float32")
    ids = np.arange(4, dtype="int32").reshape(2, 2)
    out = Identity()([x, {"ids": ids}])
    np.testing.assert_array_equal(ops.convert_to_numpy(out[0]), x)
    np.testing.assert_array_equal(ops.convert_to_numpy(out[1]["ids"]), ids)


def test_symbolic_output_is_a_new_tensor():
    x = KerasTensor((None, 5), dtype="int32")
    out = Identity()(x)
    assert out is not x
    assert out.shape == (None, 5) and out.dtype == "int32"


def test_mask_passes_through():
    mask = np.array([[True, False]])
    assert Identity().compute_mask(np.ones((1, 2, 3)), mask) is mask


def test_config():
    layer = Identity(name="skip")
    config = layer.get_config()
    assert config["name"] == "skip"
    assert Identity.from_config(config).get_config() == config
