"""SeparableConv1D/2D: harness, NumPy reference (depthwise loops then pointwise),
multiplier, strides and dilation, both paddings and data formats, weights, config,
errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.convolutional import conv_reference as reference
from keras.layers.convolutional.separable_conv import SeparableConv1D
from keras.layers.convolutional.separable_conv import SeparableConv2D
from keras.layers.convolutional.separable_conv import SeparableConvolution1D
from keras.layers.convolutional.separable_conv import SeparableConvolution2D
from keras.layers.testing import run_layer_test

_CLASSES = {1: SeparableConv1D, 2: SeparableConv2D}


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _expected(layer, x):
    out = reference.separable_conv(
        x,
        _np(layer.depthwise_kernel),
        _np(layer.pointwise_kernel),
        layer.strides,
        layer.padding,
        layer.dilation_rate,
        layer.data_format,
    )
    if layer.bias is not None:
        out = reference.add_bias(out, _np(layer.bias), layer.data_format)
    return out


_HARNESS_CASES = [
    (1, (2, 9, 3), {"filters": 4, "kernel_size": 3, "depth_multiplier": 2}),
    (
        1,
        (2, 3, 10),
        {
            "filters": 2,
            "kernel_size": 4,
            "strides": 3,
            "padding": "same",
            "data_format": "channels_first",
        },
    ),
    (2, (2, 7, 6, 3), {"filters": 5, "kernel_size": (3, 2), "padding": "same"}),
    (
        2,
        (1, 2, 7, 9),
        {
            "filters": 3,
            "kernel_size": 3,
            "dilation_rate": (2, 1),
            "depth_multiplier": 2,
            "data_format": "channels_first",
            "activation": "relu",
        },
    ),
]


@pytest.mark.parametrize("rank, input_shape, init_kwargs", _HARNESS_CASES)
def test_harness_matches_numpy(rank, input_shape, init_kwargs):
    x = _random(input_shape)
    init_kwargs = {"bias_initializer": "random_normal", **init_kwargs}
    layer, result = run_layer_test(
        _CLASSES[rank],
        init_kwargs=init_kwargs,
        input_data=x,
        expected_num_trainable_weights=3,
        supports_masking=False,
    )
    expected = _expected(layer, x)
    if init_kwargs.get("activation") == "relu":
        expected = np.maximum(expected, 0)
    assert result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "kernel_size, strides, dilation, multiplier",
    [(3, 1, 1, 1), (4, 3, 1, 2), (3, 1, 2, 3), (2, 2, 2, 1)],
)
def test_separable_conv1d_and_2d_match_numpy(
    kernel_size, strides, dilation, multiplier, padding, data_format
):
    for rank, spatial in ((1, (13,)), (2, (9, 8))):
        if data_format == "channels_first":
            shape = (2, 3, *spatial)
        else:
            shape = (2, *spatial, 3)
        x = _random(shape, seed=rank)
        layer = _CLASSES[rank](
            5,
            kernel_size,
            strides=strides,
            padding=padding,
            depth_multiplier=multiplier,
            dilation_rate=dilation,
            data_format=data_format,
            bias_initializer="random_normal",
        )
        out = _np(layer(x))
        np.testing.assert_allclose(out, _expected(layer, x), rtol=1e-5, atol=1e-5)
        assert tuple(out.shape) == layer.compute_output_shape(shape)


def test_weights_names_shapes_and_input_spec():
    layer = SeparableConv2D(5, (3, 2), depth_multiplier=2)
    layer(np.zeros((1, 6, 5, 3), "float32"))
    assert [w.name for w in layer.weights] == [
        "depthwise_kernel",
        "pointwise_kernel",
        "bias",
    ]
    assert tuple(layer.depthwise_kernel.shape) == (3, 2, 3, 2)
    assert tuple(layer.pointwise_kernel.shape) == (1, 1, 6, 5)
    assert tuple(layer.bias.shape) == (5,)
    assert layer.input_spec.axes == {-1: 3}
    first = SeparableConv1D(4, 3, data_format="channels_first")
    first.build((None, 2, 9))
    assert tuple(first.depthwise_kernel.shape) == (3, 2, 1)
    assert tuple(first.pointwise_kernel.shape) == (1, 2, 4)
    assert first.input_spec.axes == {1: 2}


def test_aliases_are_the_same_classes():
    assert SeparableConvolution1D is SeparableConv1D
    assert SeparableConvolution2D is SeparableConv2D


def test_symbolic_and_unknown_dims():
    layer = SeparableConv2D(4, 3, padding="same", strides=2)
    out = layer(KerasTensor((None, None, 7, 3)))
    assert out.shape == (None, None, 4, 4)
    layer = SeparableConv1D(6, 2, data_format="channels_first")
    assert layer.compute_output_shape((None, 3, None)) == (None, 6, None)


def test_config_matches_keras_keys_and_round_trips():
    layer = SeparableConv1D(
        4, 3, depth_multiplier=2, pointwise_constraint="non_neg", activation="relu"
    )
    config = layer.get_config()
    assert list(config)[3:] == [
        "depth_multiplier",
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        "depthwise_initializer",
        "pointwise_initializer",
        "bias_initializer",
        "depthwise_regularizer",
        "pointwise_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "depthwise_constraint",
        "pointwise_constraint",
        "bias_constraint",
    ]
    assert SeparableConv1D.from_config(config).get_config() == config


def test_regularizers_add_losses():
    run_layer_test(
        SeparableConv1D,
        init_kwargs={
            "filters": 2,
            "kernel_size": 2,
            "depthwise_regularizer": "l2",
            "pointwise_regularizer": "l1",
            "bias_regularizer": "l2",
        },
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 4, 2),
        expected_num_trainable_weights=3,
        expected_num_losses=3,
        run_mixed_precision_check=False,
    )


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"filters": 0, "kernel_size": 3}, "filters"),
        ({"filters": 2, "kernel_size": 3, "depth_multiplier": -1}, "depth_multiplier"),
        ({"filters": 2, "kernel_size": (3, 3)}, "kernel_size"),
        ({"filters": 2, "kernel_size": 3, "padding": "causal"}, "padding"),
        ({"filters": 2, "kernel_size": 3, "dilation_rate": 0}, "dilation_rate"),
    ],
)
def test_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SeparableConv1D(**kwargs)


def test_build_and_call_errors():
    with pytest.raises(ValueError, match="channels axis"):
        SeparableConv1D(2, 3).build((None, 5, None))
    with pytest.raises(ValueError, match="empty"):
        SeparableConv2D(2, 4)(np.zeros((1, 3, 6, 2), "float32"))
