import numpy as np
import pytest

from keras import config
from keras.layers.reshaping.zero_padding import ZeroPadding1D
from keras.layers.reshaping.zero_padding import ZeroPadding2D
from keras.layers.reshaping.zero_padding import ZeroPadding3D
from keras.layers.testing import run_layer_test


def _reference(x, pairs, data_format):
    first = 2 if data_format == "channels_first" else 1
    width = [(0, 0)] * x.ndim
    for i, pair in enumerate(pairs):
        width[first + i] = pair
    return np.pad(x, width)


def _random(shape):
    return np.random.default_rng(0).standard_normal(shape).astype("float32")


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "padding,pairs", [(1, [(1, 1)]), ((2, 0), [(2, 0)]), (0, [(0, 0)])]
)
@pytest.mark.parametrize("shape", [(2, 5, 3), (1, 2, 4)])
def test_zero_padding1d(shape, padding, pairs, data_format):
    x = _random(shape)
    expected = _reference(x, pairs, data_format)
    run_layer_test(
        ZeroPadding1D,
        init_kwargs={"padding": padding, "data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
        # float16 pads alike: once per data format is enough.
        run_mixed_precision_check=padding == 1 and shape == (2, 5, 3),
    )


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "padding,pairs",
    [
        ((1, 1), [(1, 1), (1, 1)]),
        (2, [(2, 2), (2, 2)]),
        ((0, 3), [(0, 0), (3, 3)]),
        (((1, 0), (2, 3)), [(1, 0), (2, 3)]),
    ],
)
def test_zero_padding2d(padding, pairs, data_format):
    x = _random((2, 3, 4, 5))
    expected = _reference(x, pairs, data_format)
    run_layer_test(
        ZeroPadding2D,
        init_kwargs={"padding": padding, "data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "padding,pairs",
    [
        (((1, 1), (1, 1), (1, 1)), [(1, 1)] * 3),
        (1, [(1, 1)] * 3),
        ((0, 1, 2), [(0, 0), (1, 1), (2, 2)]),
        (((0, 2), (1, 0), (3, 1)), [(0, 2), (1, 0), (3, 1)]),
    ],
)
def test_zero_padding3d(padding, pairs, data_format):
    x = _random((2, 3, 2, 4, 2))
    expected = _reference(x, pairs, data_format)
    run_layer_test(
        ZeroPadding3D,
        init_kwargs={"padding": padding, "data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


def test_compute_output_shape_with_unknown_dims():
    layer = ZeroPadding2D(((1, 2), (0, 3)))
    assert layer.compute_output_shape((None, None, 4, 3)) == (None, None, 7, 3)
    channels_first = ZeroPadding1D(2, data_format="channels_first")
    assert channels_first.compute_output_shape((None, 3, 5)) == (None, 3, 9)


def test_configs():
    assert ZeroPadding1D(3).get_config()["padding"] == (3, 3)
    config_2d = ZeroPadding2D((1, 2), data_format="channels_first").get_config()
    assert config_2d["padding"] == ((1, 1), (2, 2))
    assert config_2d["data_format"] == "channels_first"
    assert ZeroPadding3D().get_config()["padding"] == ((1, 1), (1, 1), (1, 1))


def test_default_data_format_follows_config():
    config.set_image_data_format("channels_first")
    try:
        assert ZeroPadding3D().data_format == "channels_first"
    finally:
        config.set_image_data_format("channels_last")


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`padding` must be an int or a tuple of 2"):
        ZeroPadding1D(-1)
    with pytest.raises(ValueError, match="`padding` must be an int, a tuple of 2"):
        ZeroPadding2D(((1, -1), (0, 0)))
    with pytest.raises(ValueError, match="`padding` must be an int, a tuple of 2"):
        ZeroPadding2D((1, 2, 3))
    with pytest.raises(ValueError, match="`padding` must be an int, a tuple of 3"):
        ZeroPadding3D(((1, 1), (1, 1)))
    with pytest.raises(ValueError, match="`padding` must be an int, a tuple of 3"):
        ZeroPadding3D(1.5)
    with pytest.raises(ValueError, match="expected ndim=4"):
        ZeroPadding2D()(np.ones((2, 3, 4), dtype="float32"))
