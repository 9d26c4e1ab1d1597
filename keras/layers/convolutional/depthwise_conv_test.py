"""DepthwiseConv1D/2D: harness, NumPy reference (per-channel loops, multiplier,
strides with dilation, both paddings and data formats), weights, config, errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.convolutional import conv_reference as reference
from keras.layers.convolutional.depthwise_conv import DepthwiseConv1D
from keras.layers.convolutional.depthwise_conv import DepthwiseConv2D
from keras.layers.testing import run_layer_test

_CLASSES = {1: DepthwiseConv1D, 2: DepthwiseConv2D}


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _expected(layer, x):
    out = reference.depthwise_conv(
        x,
        _np(layer.kernel),
        layer.strides,
        layer.padding,
        layer.dilation_rate,
        layer.data_format,
    )
    if layer.bias is not None:
        out = reference.add_bias(out, _np(layer.bias), layer.data_format)
    return out


_HARNESS_CASES = [
    (1, (2, 9, 3), {"kernel_size": 3, "depth_multiplier": 2}),
    (
        1,
        (2, 4, 11),
        {
            "kernel_size": 2,
            "strides": 2,
            "padding": "same",
            "data_format": "channels_first",
        },
    ),
    (2, (2, 7, 6, 3), {"kernel_size": (3, 2), "strides": (2, 1), "padding": "same"}),
    (
        2,
        (1, 2, 7, 8),
        {
            "kernel_size": 3,
            "depth_multiplier": 3,
            "dilation_rate": 2,
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
        expected_num_trainable_weights=2,
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
    [(3, 1, 1, 1), (4, 3, 1, 2), (3, 1, 2, 3), (2, 2, 2, 1), (1, 1, 1, 2)],
)
def test_depthwise_conv1d_and_2d_match_numpy(
    kernel_size, strides, dilation, multiplier, padding, data_format
):
    for rank, spatial in ((1, (13,)), (2, (9, 8))):
        if data_format == "channels_first":
            shape = (2, 3, *spatial)
        else:
            shape = (2, *spatial, 3)
        x = _random(shape, seed=rank)
        layer = _CLASSES[rank](
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


def test_channels_stay_separate():
    # Output channel c * multiplier + m sees input channel c only.
    layer = DepthwiseConv1D(3, depth_multiplier=2, use_bias=False)
    x = _random((1, 7, 3), seed=2)
    changed = x.copy()
    changed[..., 1] += 5.0
    delta = np.abs(_np(layer(changed)) - _np(layer(x))).max(axis=(0, 1))
    assert np.all(delta[[0, 1, 4, 5]] < 1e-6)
    assert np.all(delta[[2, 3]] > 1e-3)


def test_weights_names_shapes_and_input_spec():
    layer = DepthwiseConv2D((3, 2), depth_multiplier=2)
    layer(np.zeros((1, 5, 5, 4), "float32"))
    # Keras 3 names the depthwise kernel of this layer "kernel".
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert tuple(layer.kernel.shape) == (3, 2, 4, 2)
    assert tuple(layer.bias.shape) == (8,)
    assert layer.input_spec.axes == {-1: 4}
    first = DepthwiseConv1D(3, data_format="channels_first")
    first.build((None, 5, 9))
    assert tuple(first.kernel.shape) == (3, 5, 1)
    assert first.input_spec.axes == {1: 5}


def test_symbolic_and_unknown_dims():
    layer = DepthwiseConv2D(3, depth_multiplier=2, padding="same", strides=2)
    out = layer(KerasTensor((None, None, 7, 3)))
    assert out.shape == (None, None, 4, 6)
    assert DepthwiseConv1D(2).compute_output_shape((None, None, 3)) == (None, None, 3)


def test_config_matches_keras_keys_and_round_trips():
    layer = DepthwiseConv2D(
        3, depth_multiplier=2, depthwise_regularizer="l2", activation="relu"
    )
    config = layer.get_config()
    assert list(config)[3:] == [
        "depth_multiplier",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        "depthwise_initializer",
        "bias_initializer",
        "depthwise_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "depthwise_constraint",
        "bias_constraint",
    ]
    assert config["kernel_size"] == (3, 3)
    assert DepthwiseConv2D.from_config(config).get_config() == config


def test_regularizers_add_losses():
    run_layer_test(
        DepthwiseConv1D,
        init_kwargs={
            "kernel_size": 2,
            "use_bias": False,
            "depthwise_regularizer": "l2",
            "activity_regularizer": "l1",
        },
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 4, 3),
        expected_num_trainable_weights=1,
        expected_num_losses=2,
        run_mixed_precision_check=False,
    )


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"kernel_size": 0}, "kernel_size"),
        ({"kernel_size": 3, "depth_multiplier": 0}, "depth_multiplier"),
        ({"kernel_size": 3, "padding": "causal"}, "padding"),
        ({"kernel_size": 3, "strides": (1, 1)}, "strides"),
        ({"kernel_size": 3, "data_format": "NWC"}, "data_format"),
    ],
)
def test_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        DepthwiseConv1D(**kwargs)


def test_build_and_call_errors():
    with pytest.raises(ValueError, match="channels axis"):
        DepthwiseConv2D(3).build((None, 5, 5, None))
    with pytest.raises(ValueError, match="empty"):
        DepthwiseConv1D(5)(np.zeros((1, 3, 2), "float32"))
