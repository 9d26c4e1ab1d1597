"""ConvLSTM1D/2D/3D against a NumPy reference (explicit time and convolution loops),
both data formats, states, go_backwards, masks, stateful, training, configs, errors."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.backends import active
from keras.layers.testing import FIT_GAPS
from keras.layers.testing import run_layer_test

RNG = np.random.default_rng(3)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _randomize(layer):
    weights = [
        RNG.normal(0, 0.4, np.shape(w)).astype("float32") for w in layer.get_weights()
    ]
    layer.set_weights(weights)
    return weights


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _conv(x, kernel, strides, padding, dilation):
    """Channels-last convolution of one image batch `x` (batch, *spatial, in) with
    `kernel` (*window, in, out), one output position and one tap at a time."""
    spatial, window = x.shape[1:-1], kernel.shape[:-2]
    if padding == "same":
        out_shape = [-(-n // s) for n, s in zip(spatial, strides)]
        pads = []
        for n, k, s, d, o in zip(spatial, window, strides, dilation, out_shape):
            total = max((o - 1) * s + (k - 1) * d + 1 - n, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0), *pads, (0, 0)])
        spatial = x.shape[1:-1]
    out_shape = [
        (n - (k - 1) * d - 1) // s + 1
        for n, k, s, d in zip(spatial, window, strides, dilation)
    ]
    out = np.zeros((x.shape[0], *out_shape, kernel.shape[-1]), "float64")
    for position in np.ndindex(*out_shape):
        total = np.zeros((x.shape[0], kernel.shape[-1]), "float64")
        for tap in np.ndindex(*window):
            where = tuple(p * s + t * d for p, s, t, d in zip(
                position, strides, tap, dilation))
            total += x[(slice(None), *where)] @ kernel[tap]
        out[(slice(None), *position)] = total
    return out


def conv_lstm_reference(
    x, kernel, recurrent_kernel, bias, strides=None, padding="valid", dilation=None,
    channels_first=False, go_backwards=False, mask=None, initial=None,
):
    """Outputs (batch, time, ...), final h and c of a ConvLSTM over `x`, step by
    step; a masked step keeps the states and repeats the previous output."""
    rank = kernel.ndim - 2
    strides = strides or (1,) * rank
    dilation = dilation or (1,) * rank
    x = x.astype("float64")
    if channels_first:
        x = np.moveaxis(x, 2, -1)
    steps = range(x.shape[1])
    if go_backwards:
        steps = reversed(steps)
    h = c = None
    outputs = []
    for t in steps:
        z = _conv(x[:, t], kernel, strides, padding, dilation)
        if h is None:
            if initial is None:
                h, c = np.zeros(z.shape[:-1] + (z.shape[-1] // 4,)), None
                c = np.zeros_like(h)
            else:
                h, c = initial
                if channels_first:
                    h, c = np.moveaxis(h, 1, -1), np.moveaxis(c, 1, -1)
            previous = h
        z = z + _conv(h, recurrent_kernel, (1,) * rank, "same", (1,) * rank)
        if bias is not None:
            z = z + bias
        zi, zf, zg, zo = np.split(z, 4, axis=-1)
        new_c = _sigmoid(zf) * c + _sigmoid(zi) * np.tanh(zg)
        new_h = _sigmoid(zo) * np.tanh(new_c)
        if mask is not None:
            keep = mask[:, t].reshape((-1,) + (1,) * (rank + 1))
            new_h = np.where(keep, new_h, h)
            new_c = np.where(keep, new_c, c)
            output = np.where(keep, new_h, previous)
        else:
            output = new_h
        h, c, previous = new_h, new_c, output
        outputs.append(output)
    outputs = np.stack(outputs, axis=1)
    if channels_first:
        outputs = np.moveaxis(outputs, -1, 2)
        h, c = np.moveaxis(h, -1, 1), np.moveaxis(c, -1, 1)
    return outputs, h, c


def _check(layer, x, rtol=1e-4, atol=1e-5, **reference_kwargs):
    """Calls `layer` (return_sequences and return_state) on `x` and compares with the
    reference; returns the layer's outputs."""
    layer.build(x.shape)
    weights = _randomize(layer)
    bias = weights[2] if len(weights) == 3 else None
    cell = layer.cell
    outputs, h, c = layer(x, **reference_kwargs.pop("call_kwargs", {}))
    want, want_h, want_c = conv_lstm_reference(
        x, weights[0], weights[1], bias, strides=cell.strides, padding=cell.padding,
        dilation=cell.dilation_rate,
        channels_first=cell.data_format == "channels_first",
        go_backwards=layer.go_backwards, **reference_kwargs,
    )
    np.testing.assert_allclose(_np(outputs), want, rtol=rtol, atol=atol)
    np.testing.assert_allclose(_np(h), want_h, rtol=rtol, atol=atol)
    np.testing.assert_allclose(_np(c), want_c, rtol=rtol, atol=atol)
    return outputs


# The tests that set their own weights skip the random initializers: on JAX each new
# kernel shape would compile them once more (about a second each on a busy CPU).
FAST = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}


def _full(cls, *args, **kwargs):
    return cls(*args, return_sequences=True, return_state=True, **FAST, **kwargs)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv_lstm1d_matches_the_reference(data_format):
    shape = (2, 3, 7, 2) if data_format == "channels_last" else (2, 3, 2, 7)
    x = RNG.standard_normal(shape).astype("float32")
    layer = _full(layers.ConvLSTM1D, 3, 3, strides=2, data_format=data_format)
    outputs = _check(layer, x)
    expected = (2, 3, 3, 3)
    assert tuple(outputs.shape) == expected
    assert layer.compute_output_shape(shape)[0] == expected


@pytest.mark.parametrize(
    "data_format, kwargs",
    [
        ("channels_last", {"padding": "same", "dilation_rate": 2}),
        ("channels_first", {"kernel_size": (2, 3), "go_backwards": True}),
    ],
)
def test_conv_lstm2d_matches_the_reference(data_format, kwargs):
    shape = (2, 3, 5, 6, 2) if data_format == "channels_last" else (2, 3, 2, 5, 6)
    x = RNG.standard_normal(shape).astype("float32")
    kwargs = {"kernel_size": 3, **kwargs}
    layer = _full(layers.ConvLSTM2D, 2, data_format=data_format, **kwargs)
    outputs = _check(layer, x)
    assert tuple(outputs.shape) == layer.compute_output_shape(shape)[0]


def test_conv_lstm3d_shape_and_values():
    x = RNG.standard_normal((1, 2, 3, 4, 3, 2)).astype("float32")
    layer = _full(layers.ConvLSTM3D, 2, 2, padding="same", use_bias=False)
    outputs = _check(layer, x)
    assert tuple(outputs.shape) == (1, 2, 3, 4, 3, 2)
    plain = layers.ConvLSTM3D(4, (2, 3, 1), data_format="channels_first")
    assert plain.compute_output_shape((1, 2, 3, 4, 5, 6)) == (1, 4, 3, 3, 6)


def test_mask_keeps_the_states_and_repeats_the_output():
    x = RNG.standard_normal((2, 4, 6, 2)).astype("float32")
    mask = np.array([[True, True, False, True], [True, False, False, False]])
    layer = _full(layers.ConvLSTM1D, 2, 3, padding="same", go_backwards=True)
    _check(layer, x, mask=mask, call_kwargs={"mask": mask})


def test_initial_state_and_last_output():
    x = RNG.standard_normal((2, 3, 6, 2)).astype("float32")
    h0 = RNG.standard_normal((2, 4, 3)).astype("float32")
    c0 = RNG.standard_normal((2, 4, 3)).astype("float32")
    layer = _full(layers.ConvLSTM1D, 3, 3)
    outputs = _check(
        layer, x, initial=(h0, c0), call_kwargs={"initial_state": [h0, c0]}
    )
    last = layers.ConvLSTM1D.from_config(
        {**layer.get_config(), "return_sequences": False, "return_state": False}
    )
    last.build(x.shape)
    last.set_weights(layer.get_weights())
    np.testing.assert_allclose(
        _np(last(x, initial_state=[h0, c0])), _np(outputs)[:, -1], rtol=1e-5, atol=1e-6
    )


def test_weights_names_and_unit_forget_bias():
    layer = layers.ConvLSTM2D(3, (3, 2), name="clstm", **FAST)
    layer.build((2, 4, 6, 6, 5))
    assert [w.path for w in layer.weights] == [
        "clstm/conv_lstm_cell/kernel",
        "clstm/conv_lstm_cell/recurrent_kernel",
        "clstm/conv_lstm_cell/bias",
    ]
    assert [tuple(w.shape) for w in layer.weights] == [
        (3, 2, 5, 12), (3, 2, 3, 12), (12,)
    ]
    bias = _np(layer.cell.bias)
    np.testing.assert_array_equal(bias, np.repeat([0.0, 1.0, 0.0, 0.0], 3))


def test_config_round_trip_and_keras3_keys():
    layer = layers.ConvLSTM2D(
        4, 3, strides=(1, 2), padding="SAME", data_format="channels_first",
        recurrent_dropout=0.25, seed=5, return_state=True, unroll=True,
    )
    config = layer.get_config()
    assert list(config)[3:] == [
        "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
        "zero_output_for_mask", "filters", "kernel_size", "strides", "padding",
        "data_format", "dilation_rate", "activation", "recurrent_activation",
        "use_bias", "kernel_initializer", "recurrent_initializer",
        "bias_initializer", "unit_forget_bias", "kernel_regularizer",
        "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
        "recurrent_dropout", "seed",
    ]
    assert config["kernel_size"] == (3, 3) and config["strides"] == (1, 2)
    assert config["padding"] == "same" and config["unroll"] is True
    again = layers.ConvLSTM2D.from_config(config)
    assert again.get_config() == config
    assert again.filters == 4 and again.recurrent_dropout == 0.25


def test_unroll_gives_the_scan_result():
    x = RNG.standard_normal((2, 3, 5, 2)).astype("float32")
    scanned = layers.ConvLSTM1D(2, 2, return_sequences=True, **FAST)
    scanned.build(x.shape)
    _randomize(scanned)
    unrolled = layers.ConvLSTM1D(2, 2, return_sequences=True, unroll=True, **FAST)
    unrolled.build(x.shape)
    unrolled.set_weights(scanned.get_weights())
    np.testing.assert_allclose(_np(unrolled(x)), _np(scanned(x)), rtol=1e-5, atol=1e-6)


def test_stateful_continues_from_the_last_states():
    x = RNG.standard_normal((2, 4, 5, 1)).astype("float32")
    layer = layers.ConvLSTM1D(2, 3, stateful=True, **FAST)
    layer(x[:, :2])
    _randomize(layer)
    layer.reset_state()
    layer(x[:, :2])
    second = layer(x[:, 2:])
    assert [tuple(s.shape) for s in layer.states] == [(2, 3, 2), (2, 3, 2)]
    whole = layers.ConvLSTM1D(2, 3, **FAST)
    whole.build(x.shape)
    whole.set_weights(layer.get_weights())
    np.testing.assert_allclose(_np(second), _np(whole(x)), rtol=1e-5, atol=1e-6)
    layer.reset_state()
    np.testing.assert_array_equal(_np(layer.states[0]), np.zeros((2, 3, 2)))


def test_dropout_in_training_only():
    x = RNG.standard_normal((2, 3, 6, 2)).astype("float32")
    layer = layers.ConvLSTM1D(
        2, 3, dropout=0.5, recurrent_dropout=0.5, seed=1, return_sequences=True,
        **FAST,
    )
    layer.build(x.shape)
    _randomize(layer)
    inference = _np(layer(x))
    np.testing.assert_array_equal(_np(layer(x)), inference)
    trained = _np(layer(x, training=True))
    assert trained.shape == inference.shape
    assert np.all(np.isfinite(trained)) and not np.allclose(trained, inference)


def test_layer_harness():
    run_layer_test(
        layers.ConvLSTM2D,
        init_kwargs={
            "filters": 2, "kernel_size": 2, "return_sequences": True, **FAST
        },
        input_shape=(2, 2, 4, 4, 1),
        expected_output_shape=(2, 2, 3, 3, 2),
        expected_num_trainable_weights=3,
        supports_masking=True,
    )


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_one_fit_step_changes_the_weights_and_lowers_the_loss():
    x = RNG.standard_normal((4, 3, 5, 5, 1)).astype("float32")
    y = RNG.standard_normal((4, 3, 3, 2)).astype("float32")
    model = keras.Sequential(
        [keras.Input((3, 5, 5, 1)), layers.ConvLSTM2D(2, 3, **FAST)]
    )
    _randomize(model.layers[0])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    before = [np.array(w) for w in model.get_weights()]
    loss0 = model.evaluate(x, y, verbose=0)
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    after = model.get_weights()
    assert all(not np.allclose(a, b) for a, b in zip(before, after))
    assert model.evaluate(x, y, verbose=0) < loss0


def test_errors():
    with pytest.raises(ValueError, match="`filters`"):
        layers.ConvLSTM2D(0, 3)
    with pytest.raises(ValueError, match="`kernel_size`.*kernel_size=\\(3, 3, 3\\)"):
        layers.ConvLSTM2D(2, (3, 3, 3))
    with pytest.raises(ValueError, match="`padding`.*causal"):
        layers.ConvLSTM1D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="`data_format`.*nchw"):
        layers.ConvLSTM2D(2, 3, data_format="nchw")
    with pytest.raises(ValueError, match="`strides`.*`dilation_rate`"):
        layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="`dropout`"):
        layers.ConvLSTM2D(2, 3, dropout=1.5)
    with pytest.raises(ValueError, match="ndim=5"):
        layers.ConvLSTM2D(2, 3, **FAST)(np.ones((2, 4, 6, 6), "float32"))
    with pytest.raises(ValueError, match="spatial dims .* static"):
        layers.ConvLSTM2D(2, 3, **FAST)(keras.Input((None, 5, None, 1)))
    with pytest.raises(ValueError, match="batch size must be static"):
        layers.ConvLSTM1D(2, 3, stateful=True, **FAST)(keras.Input((3, 5, 1)))
    with pytest.raises(ValueError, match="initial_state"):
        layers.ConvLSTM1D(2, 3, **FAST)(
            np.ones((2, 3, 5, 1), "float32"),
            initial_state=[np.zeros((2, 3, 2), "float32")],
        )
