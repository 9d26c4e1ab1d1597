import numpy as np
import pytest

from keras import config
from keras.layers.reshaping.cropping import Cropping1D
from keras.layers.reshaping.cropping import Cropping2D
from keras.layers.reshaping.cropping import Cropping3D
from keras.layers.testing import run_layer_test


def _reference(x, pairs, data_format):
    first = 2 if data_format == "channels_first" else 1
    key = [slice(None)] * x.ndim
    for i, (before, after) in enumerate(pairs):
        key[first + i] = slice(before, x.shape[first + i] - after)
    return x[tuple(key)]


def _random(shape):
    return np.random.default_rng(0).standard_normal(shape).astype("float32")


@pytest.mark.parametrize(
    "shape,cropping,pairs",
    [
        ((2, 5, 3), (1, 1), [(1, 1)]),
        ((3, 6, 2), (2, 0), [(2, 0)]),
        ((1, 4, 4), 1, [(1, 1)]),
    ],
)
def test_cropping1d(shape, cropping, pairs):
    x = _random(shape)
    expected = _reference(x, pairs, "channels_last")
    run_layer_test(
        Cropping1D,
        init_kwargs={"cropping": cropping},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "cropping,pairs",
    [
        (((0, 0), (0, 0)), [(0, 0), (0, 0)]),
        (1, [(1, 1), (1, 1)]),
        ((2, 1), [(2, 2), (1, 1)]),
        (((1, 2), (0, 3)), [(1, 2), (0, 3)]),
    ],
)
def test_cropping2d(cropping, pairs, data_format):
    shape = (2, 3, 7, 6) if data_format == "channels_first" else (2, 7, 6, 3)
    x = _random(shape)
    expected = _reference(x, pairs, data_format)
    run_layer_test(
        Cropping2D,
        init_kwargs={"cropping": cropping, "data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "cropping,pairs",
    [
        (((1, 1), (1, 1), (1, 1)), [(1, 1)] * 3),
        (0, [(0, 0)] * 3),
        ((1, 0, 2), [(1, 1), (0, 0), (2, 2)]),
        (((0, 2), (1, 0), (1, 1)), [(0, 2), (1, 0), (1, 1)]),
    ],
)
def test_cropping3d(cropping, pairs, data_format):
    shape = (2, 2, 5, 4, 6) if data_format == "channels_first" else (2, 5, 4, 6, 2)
    x = _random(shape)
    expected = _reference(x, pairs, data_format)
    run_layer_test(
        Cropping3D,
        init_kwargs={"cropping": cropping, "data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


def test_compute_output_shape_with_unknown_dims():
    layer = Cropping2D(((1, 2), (3, 0)))
    assert layer.compute_output_shape((None, None, 10, 3)) == (None, None, 7, 3)
    assert Cropping1D((1, 2)).compute_output_shape((None, None, 4)) == (None, None, 4)


def test_configs():
    assert Cropping1D(2).get_config()["cropping"] == (2, 2)
    assert "data_format" not in Cropping1D().get_config()
    config_2d = Cropping2D((1, 2), data_format="channels_first").get_config()
    assert config_2d["cropping"] == ((1, 1), (2, 2))
    assert config_2d["data_format"] == "channels_first"
    assert Cropping3D().get_config()["cropping"] == ((1, 1), (1, 1), (1, 1))


def test_default_data_format_follows_config():
    config.set_image_data_format("channels_first")
    try:
        assert Cropping2D().data_format == "channels_first"
    finally:
        config.set_image_data_format("channels_last")


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`cropping` must be an int or a tuple of 2"):
        Cropping1D((1, 2, 3))
    with pytest.raises(ValueError, match="`cropping` must be an int or a tuple of 2"):
        Cropping1D(-1)
    with pytest.raises(ValueError, match="`cropping` must be an int, a tuple of 2"):
        Cropping2D((1, 2, 3))
    with pytest.raises(ValueError, match="`cropping` must be an int, a tuple of 3"):
        Cropping3D(((1, 1), (1, -1), (0, 0)))
    with pytest.raises(ValueError, match="`data_format` must be"):
        Cropping2D(data_format="channels_middle")


def test_cropping_larger_than_the_input():
    with pytest.raises(ValueError, match="must remove fewer elements"):
        Cropping1D((2, 2))(np.ones((1, 4, 3), dtype="float32"))
    with pytest.raises(ValueError, match="must remove fewer elements"):
        Cropping2D(((1, 1), (3, 3))).compute_output_shape((None, 5, 6, 1))
    with pytest.raises(ValueError, match="must remove fewer elements"):
        Cropping3D(5)(np.ones((1, 4, 11, 11, 1), dtype="float32"))
