"""Conv1D/2D/3D: harness, NumPy reference (groups, dilation, strides, padding incl.
causal, both data formats), weights, config, LoRA, shapes and argument errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.convolutional import conv_reference as reference
from keras.layers.convolutional.conv import Conv1D
from keras.layers.convolutional.conv import Conv2D
from keras.layers.convolutional.conv import Conv3D
from keras.layers.convolutional.conv import Convolution1D
from keras.layers.convolutional.conv import Convolution2D
from keras.layers.convolutional.conv import Convolution3D
from keras.layers.testing import run_layer_test

_CLASSES = {1: Conv1D, 2: Conv2D, 3: Conv3D}


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _expected(layer, x, padding, data_format):
    out = reference.conv(
        x,
        _np(layer.kernel),
        layer.strides,
        padding,
        layer.dilation_rate,
        data_format,
    )
    if layer.bias is not None:
        out = reference.add_bias(out, _np(layer.bias), data_format)
    return out


# (rank, input shape, init kwargs): odd sizes, every padding, strides, dilation and
# groups, both layouts; each runs the whole harness (fit included).
_HARNESS_CASES = [
    (1, (2, 9, 4), {"filters": 6, "kernel_size": 3, "padding": "causal"}),
    (1, (2, 11, 4), {"filters": 4, "kernel_size": 2, "strides": 2, "groups": 2}),
    (
        2,
        (2, 7, 5, 3),
        {"filters": 4, "kernel_size": (3, 2), "padding": "same", "strides": (2, 1)},
    ),
    (
        2,
        (2, 4, 9, 7),
        {
            "filters": 6,
            "kernel_size": 3,
            "dilation_rate": (1, 2),
            "groups": 2,
            "data_format": "channels_first",
            "activation": "relu",
        },
    ),
    (3, (1, 5, 6, 7, 2), {"filters": 3, "kernel_size": (2, 3, 2), "padding": "same"}),
    (
        3,
        (2, 2, 5, 4, 5),
        {"filters": 2, "kernel_size": 2, "data_format": "channels_first"},
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
    data_format = init_kwargs.get("data_format", "channels_last")
    expected = _expected(layer, x, layer.padding, data_format)
    if init_kwargs.get("activation") == "relu":
        expected = np.maximum(expected, 0)
    assert result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-5)


def test_harness_without_bias_with_regularizers():
    run_layer_test(
        Conv2D,
        init_kwargs={
            "filters": 3,
            "kernel_size": 2,
            "use_bias": False,
            "kernel_regularizer": "l2",
            "activity_regularizer": "l1",
        },
        input_shape=(2, 4, 5, 2),
        expected_output_shape=(2, 3, 4, 3),
        expected_num_trainable_weights=1,
        expected_num_losses=2,
        run_mixed_precision_check=False,
    )


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("padding", ["valid", "same", "causal"])
@pytest.mark.parametrize(
    "kernel_size, strides, dilation, groups",
    [(3, 1, 1, 1), (4, 3, 1, 2), (3, 1, 3, 4), (1, 2, 1, 1), (5, 1, 2, 2)],
)
def test_conv1d_matches_numpy(
    kernel_size, strides, dilation, groups, padding, data_format
):
    shape = (2, 4, 13) if data_format == "channels_first" else (2, 13, 4)
    x = _random(shape, seed=1)
    layer = Conv1D(
        8,
        kernel_size,
        strides=strides,
        padding=padding,
        dilation_rate=dilation,
        groups=groups,
        data_format=data_format,
        bias_initializer="random_normal",
    )
    out = _np(layer(x))
    np.testing.assert_allclose(
        out, _expected(layer, x, padding, data_format), rtol=1e-5, atol=1e-5
    )
    assert tuple(out.shape) == layer.compute_output_shape(shape)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "kernel_size, strides, dilation, groups",
    [((3, 2), (1, 2), 1, 1), (2, (2, 3), 1, 3), ((3, 3), 1, (2, 1), 3)],
)
def test_conv2d_and_3d_match_numpy(
    kernel_size, strides, dilation, groups, padding, data_format
):
    def extend(value, fill, rank):
        # A 2D tuple argument grows a third entry for Conv3D.
        return value if isinstance(value, int) else value + (fill,) * (rank - 2)

    for rank, spatial in ((2, (7, 8)), (3, (5, 7, 6))):
        if data_format == "channels_first":
            shape = (2, 6, *spatial)
        else:
            shape = (2, *spatial, 6)
        x = _random(shape, seed=rank)
        layer = _CLASSES[rank](
            3 * groups,
            extend(kernel_size, 2, rank),
            strides=extend(strides, 1, rank),
            padding=padding,
            dilation_rate=extend(dilation, 1, rank),
            groups=groups,
            data_format=data_format,
            bias_initializer="random_normal",
        )
        out = _np(layer(x))
        np.testing.assert_allclose(
            out, _expected(layer, x, padding, data_format), rtol=1e-5, atol=1e-5
        )
        assert tuple(out.shape) == layer.compute_output_shape(shape)


def test_causal_output_ignores_the_future():
    layer = Conv1D(3, 4, padding="causal", dilation_rate=2)
    x = _random((1, 12, 2), seed=3)
    changed = x.copy()
    changed[:, 7:] += 10.0
    before, after = _np(layer(x)), _np(layer(changed))
    np.testing.assert_allclose(before[:, :7], after[:, :7], rtol=1e-6, atol=1e-6)
    assert not np.allclose(before[:, 7:], after[:, 7:])


def test_weights_names_shapes_and_input_spec():
    layer = Conv2D(6, (3, 2), groups=3)
    layer(np.zeros((1, 5, 5, 9), "float32"))
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert tuple(layer.kernel.shape) == (3, 2, 3, 6)
    assert tuple(layer.bias.shape) == (6,)
    assert layer.input_spec.min_ndim == 4
    assert layer.input_spec.axes == {-1: 9}
    with pytest.raises(ValueError, match="axis -1"):
        layer(np.zeros((1, 5, 5, 4), "float32"))
    first = Conv1D(2, 3, data_format="channels_first")
    first.build((None, 5, 10))
    assert tuple(first.kernel.shape) == (3, 5, 2)
    assert first.input_spec.axes == {1: 5}


def test_aliases_are_the_same_classes():
    assert Convolution1D is Conv1D
    assert Convolution2D is Conv2D
    assert Convolution3D is Conv3D


def test_symbolic_and_unknown_dims():
    layer = Conv2D(4, 3, strides=2, padding="same")
    out = layer(KerasTensor((None, None, 9, 3)))
    assert out.shape == (None, None, 5, 4)
    causal = Conv1D(5, 3, padding="causal", strides=2)
    assert causal.compute_output_shape((None, 9, 2)) == (None, 5, 5)
    assert causal.compute_output_shape((None, None, 2)) == (None, None, 5)
    first = Conv3D(2, 2, data_format="channels_first")
    assert first.compute_output_shape((None, 3, 4, None, 5)) == (None, 2, 3, None, 4)


def test_config_matches_keras_keys_and_round_trips():
    layer = Conv1D(
        4,
        3,
        padding="CAUSAL",
        activation="relu",
        kernel_constraint="non_neg",
        activity_regularizer="l2",
    )
    config = layer.get_config()
    assert list(config)[3:] == [
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "groups",
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
    assert config["kernel_size"] == (3,)
    assert config["padding"] == "causal"
    assert config["activation"] == "relu"
    assert Conv2D(2, 3).get_config()["activation"] == "linear"
    assert Conv2D(2, 3).get_config()["strides"] == (1, 1)
    clone = Conv1D.from_config(config)
    assert clone.get_config() == config
    assert clone.activity_regularizer is not None


def test_lora():
    rng = np.random.default_rng(4)
    layer = Conv2D(4, 3, lora_rank=2, lora_alpha=3.0)
    x = _random((1, 6, 5, 3), seed=5)
    layer(x)
    assert layer.lora_enabled
    assert [w.name for w in layer.weights] == [
        "kernel",
        "bias",
        "lora_kernel_a",
        "lora_kernel_b",
    ]
    assert tuple(layer.lora_kernel_a.shape) == (3, 3, 3, 2)
    assert tuple(layer.lora_kernel_b.shape) == (2, 4)
    assert [w.name for w in layer.trainable_weights] == [
        "bias",
        "lora_kernel_a",
        "lora_kernel_b",
    ]
    layer.lora_kernel_b.assign(rng.standard_normal((2, 4)).astype("float32"))
    merged = _np(layer._kernel) + 1.5 * (
        _np(layer.lora_kernel_a) @ _np(layer.lora_kernel_b)
    )
    np.testing.assert_allclose(_np(layer.kernel), merged, rtol=1e-5, atol=1e-6)
    expected = reference.add_bias(reference.conv(x, merged, (1, 1)), _np(layer.bias))
    np.testing.assert_allclose(_np(layer(x)), expected, rtol=1e-5, atol=1e-5)
    config = layer.get_config()
    assert config["lora_rank"] == 2 and config["lora_alpha"] == 3.0
    # Saved weights hold the merged kernel (Keras 3 files have two variables here).
    store = {}
    layer.save_own_variables(store)
    assert sorted(store) == ["0", "1"]
    np.testing.assert_allclose(store["0"], merged, rtol=1e-5, atol=1e-6)
    plain = Conv2D(4, 3)
    plain.build((None, 6, 5, 3))
    plain.load_own_variables(store)
    np.testing.assert_allclose(_np(plain(x)), expected, rtol=1e-5, atol=1e-5)


def test_enable_lora_after_build_and_errors():
    layer = Conv1D(3, 2)
    with pytest.raises(ValueError, match="not built"):
        layer.enable_lora(2)
    layer.build((None, 6, 4))
    layer.enable_lora(1)
    assert layer.get_config()["lora_rank"] == 1
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(1)
    with pytest.raises(ValueError, match="lora_rank"):
        Conv1D(3, 2, lora_rank=0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"filters": 0, "kernel_size": 3}, "filters"),
        ({"filters": 4, "kernel_size": 0}, "kernel_size"),
        ({"filters": 4, "kernel_size": (3, 3)}, "kernel_size"),
        ({"filters": 4, "kernel_size": 3, "strides": 0}, "strides"),
        ({"filters": 4, "kernel_size": 3, "padding": "full"}, "padding"),
        ({"filters": 4, "kernel_size": 3, "data_format": "nchw"}, "data_format"),
        ({"filters": 4, "kernel_size": 3, "groups": 0}, "groups"),
        ({"filters": 3, "kernel_size": 3, "groups": 2}, "groups"),
        ({"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, "strides"),
    ],
)
def test_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Conv1D(**kwargs)


def test_build_and_call_errors():
    with pytest.raises(ValueError, match="padding"):
        Conv2D(4, 3, padding="causal")
    with pytest.raises(ValueError, match="groups"):
        Conv1D(4, 3, groups=4)(np.zeros((1, 8, 6), "float32"))
    with pytest.raises(ValueError, match="channels axis"):
        Conv1D(4, 3).build((None, 8, None))
    with pytest.raises(ValueError, match="empty"):
        Conv1D(4, 5)(np.zeros((1, 3, 2), "float32"))
    with pytest.raises(ValueError, match="empty"):
        Conv2D(4, 3).compute_output_shape((None, 2, 8, 1))
    with pytest.raises(ValueError, match="ndim"):
        Conv2D(4, 3)(np.zeros((1, 8, 3), "float32"))
