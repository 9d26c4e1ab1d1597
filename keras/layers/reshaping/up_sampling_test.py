import numpy as np
import pytest

from keras import config
from keras.layers.reshaping.up_sampling import UpSampling1D
from keras.layers.reshaping.up_sampling import UpSampling2D
from keras.layers.reshaping.up_sampling import UpSampling3D
from keras.layers.testing import run_layer_test


def _random(shape):
    return np.random.default_rng(0).standard_normal(shape).astype("float32")


def _nearest(x, sizes, data_format):
    first = 2 if data_format == "channels_first" else 1
    for i, size in enumerate(sizes):
        x = np.repeat(x, size, axis=first + i)
    return x


def _bilinear_matrix(n, factor):
    """(n * factor, n): row o holds the triangle-kernel weights of output o."""
    matrix = np.zeros((n * factor, n))
    for o in range(n * factor):
        centre = min(max((o + 0.5) / factor - 0.5, 0.0), n - 1.0)
        for i in range(n):
            matrix[o, i] = max(0.0, 1.0 - abs(centre - i))
    return matrix


def _bilinear(x, sizes, data_format):
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    rows = _bilinear_matrix(x.shape[1], sizes[0])
    cols = _bilinear_matrix(x.shape[2], sizes[1])
    out = np.einsum("oh,bhwc,pw->bopc", rows, x, cols)
    if data_format == "channels_first":
        out = np.moveaxis(out, -1, 1)
    return out.astype("float32")


@pytest.mark.parametrize("shape,size", [((2, 3, 4), 2), ((1, 5, 2), 3), ((2, 4, 1), 1)])
def test_up_sampling1d(shape, size):
    x = _random(shape)
    expected = np.repeat(x, size, axis=1)
    run_layer_test(
        UpSampling1D,
        init_kwargs={"size": size},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "size,sizes", [((2, 2), (2, 2)), (3, (3, 3)), ((1, 4), (1, 4))]
)
@pytest.mark.parametrize("shape", [(2, 3, 4, 2), (1, 1, 5, 3)])
def test_up_sampling2d(shape, size, sizes, data_format, interpolation):
    x = _random(shape)
    reference = _nearest if interpolation == "nearest" else _bilinear
    expected = reference(x, sizes, data_format)
    run_layer_test(
        UpSampling2D,
        init_kwargs={
            "size": size,
            "data_format": data_format,
            "interpolation": interpolation,
        },
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
        atol=1e-5,
        # float16 is the same resize: once per interpolation and data format is
        # enough (it costs a compile per op on jax).
        run_mixed_precision_check=sizes == (2, 2) and shape == (2, 3, 4, 2),
    )


def test_bilinear_known_values():
    # Pixel centres aligned, edges clamped: [0, 1] -> [0, 0.25, 0.75, 1].
    x = np.array([0.0, 1.0], dtype="float32").reshape(1, 1, 2, 1)
    run_layer_test(
        UpSampling2D,
        init_kwargs={"size": (1, 2), "interpolation": "bilinear"},
        input_data=x,
        expected_output=np.array([0.0, 0.25, 0.75, 1.0]).reshape(1, 1, 4, 1),
    )


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("size,sizes", [((2, 2, 2), (2, 2, 2)), ((1, 2, 3), (1, 2, 3))])
def test_up_sampling3d(size, sizes, data_format):
    x = _random((2, 2, 3, 2, 3))
    expected = _nearest(x, sizes, data_format)
    run_layer_test(
        UpSampling3D,
        init_kwargs={"size": size, "data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


def test_compute_output_shape_with_unknown_dims():
    assert UpSampling1D(3).compute_output_shape((None, None, 4)) == (None, None, 4)
    layer = UpSampling2D((2, 3), data_format="channels_first")
    assert layer.compute_output_shape((None, 3, None, 5)) == (None, 3, None, 15)


def test_configs():
    assert UpSampling1D(3).get_config()["size"] == 3
    config_2d = UpSampling2D(2, interpolation="Bilinear").get_config()
    assert config_2d["size"] == (2, 2)
    assert config_2d["interpolation"] == "bilinear"
    assert config_2d["data_format"] == "channels_last"
    assert UpSampling3D().get_config()["size"] == (2, 2, 2)


def test_default_data_format_follows_config():
    config.set_image_data_format("channels_first")
    try:
        assert UpSampling2D().data_format == "channels_first"
    finally:
        config.set_image_data_format("channels_last")


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`size` must be an int or a tuple of 1"):
        UpSampling1D(0)
    with pytest.raises(ValueError, match="`size` must be an int or a tuple of 2"):
        UpSampling2D((2, 2, 2))
    with pytest.raises(ValueError, match="`size` must be an int or a tuple of 3"):
        UpSampling3D((2, -1, 2))
    with pytest.raises(ValueError, match="`interpolation` must be"):
        UpSampling2D(interpolation="area")
    with pytest.raises(NotImplementedError, match="'bicubic' is not implemented"):
        UpSampling2D(interpolation="bicubic")
    with pytest.raises(ValueError, match="expected ndim=5"):
        UpSampling3D()(np.ones((1, 2, 2, 2), dtype="float32"))
