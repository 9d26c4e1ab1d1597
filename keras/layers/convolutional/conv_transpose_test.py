"""Conv1D/2D/3DTranspose: harness, NumPy scatter reference (strides, dilation,
output_padding, both paddings and data formats), weights, config, shapes, errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.convolutional import conv_reference as reference
from keras.layers.convolutional.conv_transpose import Conv1DTranspose
from keras.layers.convolutional.conv_transpose import Conv2DTranspose
from keras.layers.convolutional.conv_transpose import Conv3DTranspose
from keras.layers.convolutional.conv_transpose import Convolution1DTranspose
from keras.layers.convolutional.conv_transpose import Convolution2DTranspose
from keras.layers.convolutional.conv_transpose import Convolution3DTranspose
from keras.layers.testing import run_layer_test

_CLASSES = {1: Conv1DTranspose, 2: Conv2DTranspose, 3: Conv3DTranspose}


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _expected(layer, x):
    out = reference.conv_transpose(
        x,
        _np(layer.kernel),
        layer.strides,
        layer.padding,
        layer.output_padding,
        layer.dilation_rate,
        layer.data_format,
    )
    if layer.bias is not None:
        out = reference.add_bias(out, _np(layer.bias), layer.data_format)
    return out


_HARNESS_CASES = [
    (1, (2, 5, 3), {"filters": 4, "kernel_size": 3, "strides": 2}),
    (
        1,
        (2, 3, 7),
        {
            "filters": 2,
            "kernel_size": 4,
            "strides": 3,
            "output_padding": 2,
            "data_format": "channels_first",
        },
    ),
    (
        2,
        (2, 3, 4, 2),
        {"filters": 3, "kernel_size": (3, 2), "strides": (2, 1), "padding": "same"},
    ),
    (
        2,
        (1, 3, 5, 4),
        {
            "filters": 2,
            "kernel_size": 3,
            "dilation_rate": 2,
            "data_format": "channels_first",
            "activation": "relu",
        },
    ),
    (3, (1, 3, 2, 3, 2), {"filters": 2, "kernel_size": 2, "strides": (2, 1, 2)}),
]


@pytest.mark.parametrize("rank, input_shape, init_kwargs", _HARNESS_CASES)
def test_harness_matches_numpy(rank, input_shape, init_kwargs):
    x = _random(input_shape)
    init_kwargs = {"bias_initializer": "random_normal", **init_kwargs}
    layer, result = run_layer_test(
        _CLASSES[rank],
        init_kwargs=init_kwargs,
        input_data=x,
        expected_num_trainable_weights=2,
        supports_masking=False,
    )
    expected = _expected(layer, x)
    if init_kwargs.get("activation") == "relu":
        expected = np.maximum(expected, 0)
    assert result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-5)


_CASES_1D = [
    # kernel_size, strides, dilation, output_padding
    (3, 1, 1, None),
    (2, 3, 1, None),
    (4, 2, 1, None),
    (3, 2, 1, 1),
    (4, 3, 1, 2),
    (1, 2, 1, 0),
    (3, 1, 2, None),
    (2, 1, 2, 0),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "kernel_size, strides, dilation, output_padding, padding",
    [
        pytest.param(*case, padding)
        for case in _CASES_1D
        for padding in ("valid", "same")
    ],
)
def test_conv1d_transpose_matches_numpy(
    kernel_size, strides, dilation, output_padding, padding, data_format
):
    for steps in (1, 6):
        shape = (2, 3, steps) if data_format == "channels_first" else (2, steps, 3)
        x = _random(shape, seed=steps)
        layer = Conv1DTranspose(
            4,
            kernel_size,
            strides=strides,
            padding=padding,
            output_padding=output_padding,
            dilation_rate=dilation,
            data_format=data_format,
            bias_initializer="random_normal",
        )
        out = _np(layer(x))
        np.testing.assert_allclose(out, _expected(layer, x), rtol=1e-5, atol=1e-5)
        assert tuple(out.shape) == layer.compute_output_shape(shape)


_CASES_ND = [
    (2, (4, 5), {"kernel_size": (3, 2), "strides": (2, 3)}),
    (2, (3, 3), {"kernel_size": (4, 3), "strides": (3, 2), "output_padding": (2, 1)}),
    (2, (5, 4), {"kernel_size": 3, "dilation_rate": (2, 1)}),
    (3, (3, 2, 4), {"kernel_size": (2, 3, 2), "strides": (2, 1, 2)}),
    (3, (2, 3, 2), {"kernel_size": 3, "strides": 2, "output_padding": 1}),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "rank, spatial, kwargs, padding",
    [
        pytest.param(*case, padding)
        for case in _CASES_ND
        for padding in ("valid", "same")
    ],
)
def test_conv2d_and_3d_transpose_match_numpy(
    rank, spatial, kwargs, padding, data_format
):
    if data_format == "channels_first":
        shape = (2, 3, *spatial)
    else:
        shape = (2, *spatial, 3)
    x = _random(shape, seed=rank)
    layer = _CLASSES[rank](
        2,
        padding=padding,
        data_format=data_format,
        bias_initializer="random_normal",
        **kwargs,
    )
    out = _np(layer(x))
    np.testing.assert_allclose(out, _expected(layer, x), rtol=1e-5, atol=1e-5)
    assert tuple(out.shape) == layer.compute_output_shape(shape)


def test_is_the_adjoint_of_a_convolution():
    # <conv_transpose(y), x> == <y, conv(x)> for the same kernel, strides, padding.
    layer = Conv2DTranspose(3, (3, 2), strides=(2, 2), padding="same", use_bias=False)
    y = _random((1, 4, 3, 5), seed=7)
    out = _np(layer(y))  # (1, 8, 6, 3)
    x = _random(out.shape, seed=8)
    kernel = _np(layer.kernel)  # (3, 2, filters=3, in=5)
    forward = reference.conv(x, kernel, (2, 2), "same")  # (1, 4, 3, 5)
    np.testing.assert_allclose(
        np.sum(out * x), np.sum(y * forward), rtol=1e-4, atol=1e-4
    )


def test_weights_names_shapes_and_input_spec():
    layer = Conv3DTranspose(4, (3, 2, 1))
    layer(np.zeros((1, 2, 3, 4, 5), "float32"))
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert tuple(layer.kernel.shape) == (3, 2, 1, 4, 5)
    assert tuple(layer.bias.shape) == (4,)
    assert layer.input_spec.axes == {-1: 5}
    first = Conv1DTranspose(2, 3, data_format="channels_first")
    first.build((None, 6, 4))
    assert tuple(first.kernel.shape) == (3, 2, 6)
    assert first.input_spec.axes == {1: 6}
    with pytest.raises(ValueError, match="axis 1"):
        first(np.zeros((1, 5, 4), "float32"))


def test_aliases_are_the_same_classes():
    assert Convolution1DTranspose is Conv1DTranspose
    assert Convolution2DTranspose is Conv2DTranspose
    assert Convolution3DTranspose is Conv3DTranspose


def test_symbolic_and_unknown_dims():
    layer = Conv2DTranspose(4, 3, strides=2, padding="same")
    out = layer(KerasTensor((None, None, 5, 3)))
    assert out.shape == (None, None, 10, 4)
    first = Conv1DTranspose(3, 4, strides=2, data_format="channels_first")
    assert first.compute_output_shape((None, 2, 5)) == (None, 3, 12)
    assert first.compute_output_shape((None, 2, None)) == (None, 3, None)


def test_config_matches_keras_keys_and_round_trips():
    layer = Conv2DTranspose(3, 3, strides=2, output_padding=1, activation="tanh")
    config = layer.get_config()
    assert list(config)[3:] == [
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "output_padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "bias_constraint",
    ]
    assert config["output_padding"] == (1, 1)
    assert Conv1DTranspose(2, 3).get_config()["output_padding"] is None
    assert Conv2DTranspose.from_config(config).get_config() == config
    # Conv3DTranspose takes data_format before output_padding, as in Keras 3.
    positional = Conv3DTranspose(2, 2, 2, "valid", "channels_first", 1)
    assert positional.data_format == "channels_first"
    assert positional.output_padding == (1, 1, 1)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"filters": 0, "kernel_size": 3}, "filters"),
        ({"filters": 2, "kernel_size": (2, 2)}, "kernel_size"),
        ({"filters": 2, "kernel_size": 3, "padding": "causal"}, "padding"),
        ({"filters": 2, "kernel_size": 3, "output_padding": 1}, "output_padding"),
        (
            {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 2},
            "output_padding",
        ),
        ({"filters": 2, "kernel_size": 3, "output_padding": -1}, "output_padding"),
        ({"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, "strides"),
        ({"filters": 2, "kernel_size": 3, "data_format": "NWC"}, "data_format"),
    ],
)
def test_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Conv1DTranspose(**kwargs)


def test_build_errors():
    with pytest.raises(ValueError, match="channels axis"):
        Conv2DTranspose(2, 3).build((None, 4, 4, None))
    with pytest.raises(ValueError, match="ndim"):
        Conv2DTranspose(2, 3)(np.zeros((1, 4, 3), "float32"))
