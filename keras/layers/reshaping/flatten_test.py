import numpy as np
import pytest

from keras import config
from keras import ops
from keras.layers.reshaping.flatten import Flatten
from keras.layers.testing import run_layer_test


def _reference(x, data_format):
    if data_format == "channels_first" and x.ndim > 2:
        x = np.moveaxis(x, 1, -1)
    return x.reshape(x.shape[0], -1)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "shape", [(2,), (3, 4), (2, 3, 4), (2, 3, 4, 5), (1, 2, 3, 2, 2)]
)
def test_matches_numpy(shape, data_format):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    expected = _reference(x, data_format)
    run_layer_test(
        Flatten,
        init_kwargs={"data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


def test_compute_output_shape_with_unknown_dims():
    layer = Flatten()
    assert layer.compute_output_shape((None, 3, 4)) == (None, 12)
    assert layer.compute_output_shape((None, None, 4)) == (None, None)
    assert layer.compute_output_shape((5,)) == (5, 1)


def test_default_data_format_follows_config():
    config.set_image_data_format("channels_first")
    try:
        layer = Flatten()
    finally:
        config.set_image_data_format("channels_last")
    assert layer.get_config()["data_format"] == "channels_first"


def test_integer_inputs_keep_their_dtype():
    x = np.arange(24, dtype="int32").reshape(2, 3, 4)
    out = Flatten()(x)
    assert ops.convert_to_numpy(out).dtype == np.int32


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`data_format` must be"):
        Flatten(data_format="NCHW")
    with pytest.raises(ValueError, match="expected min_ndim=1"):
        Flatten()(np.float32(1.0))
