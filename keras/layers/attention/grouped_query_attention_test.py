"""GroupedQueryAttention: NumPy grouped-attention reference (masks, causal, scores),
the harness, the Keras 3 weight layout and argument errors."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.layers.attention.grouped_query_attention import GroupedQueryAttention
from keras.layers.testing import run_layer_test

RNG = np.random.default_rng(11)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _proj(x, sublayer, contract=1):
    axes = list(range(-contract, 0)), list(range(contract))
    y = np.tensordot(x, _np(sublayer.kernel), axes=axes)
    return y + _np(sublayer.bias) if sublayer.bias is not None else y


def reference(layer, query, value, mask=None):
    """(outputs, probabilities): query head i reads key/value head i // groups."""
    groups = layer.num_query_heads // layer.num_key_value_heads
    q = _proj(query, layer._query_dense) / np.sqrt(layer.head_dim)
    k = np.repeat(_proj(value, layer._key_dense), groups, axis=2)
    v = np.repeat(_proj(value, layer._value_dense), groups, axis=2)
    logits = np.einsum("btnh,bsnh->bnts", q, k)
    if mask is not None:
        logits = np.where(mask[:, None], logits, -1e9)
    e = np.exp(logits - logits.max(-1, keepdims=True))
    probs = e / e.sum(-1, keepdims=True)
    heads = np.einsum("bnts,bsnh->btnh", probs, v)
    if layer.use_gate:
        heads = heads / (1 + np.exp(-_proj(query, layer._gate_dense)))
    return _proj(heads, layer._output_dense, contract=2), probs


def _inputs():
    return (
        RNG.standard_normal((2, 4, 6)).astype("float32"),
        RNG.standard_normal((2, 5, 6)).astype("float32"),
    )


@pytest.mark.parametrize(
    "heads, kv_heads, use_gate", [(4, 2, False), (4, 1, False), (3, 3, True)]
)
def test_forward_matches_numpy(heads, kv_heads, use_gate):
    layer = GroupedQueryAttention(
        3, heads, kv_heads, use_gate=use_gate, bias_initializer="random_normal"
    )
    query, value = _inputs()
    out, scores = layer(query, value, return_attention_scores=True)
    want, probs = reference(layer, query, value)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(scores), probs, rtol=1e-5, atol=1e-6)
    assert _np(scores).shape == (2, heads, 4, 5)
    np.testing.assert_allclose(_np(layer(query, value)), want, rtol=1e-5, atol=1e-5)


def test_masks_and_causal():
    layer = GroupedQueryAttention(2, 4, 2, bias_initializer="random_normal")
    query, value = _inputs()
    query_mask = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool)
    value_mask = np.array([[1, 1, 0, 1, 1], [1, 1, 1, 0, 0]], bool)
    out, scores = layer(
        query, value, query_mask=query_mask, value_mask=value_mask,
        use_causal_mask=True, return_attention_scores=True,
    )
    full = (
        query_mask[:, :, None]
        & value_mask[:, None]
        & (np.arange(5)[None, :] <= np.arange(4)[:, None])
    )
    want, probs = reference(layer, query, value, mask=full)
    visible = full.any(-1)
    np.testing.assert_allclose(_np(out)[visible], want[visible], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(scores), probs * full[:, None], rtol=1e-5, atol=1e-6)
    fused = layer(
        query, value, query_mask=query_mask, value_mask=value_mask, use_causal_mask=True
    )
    np.testing.assert_allclose(_np(fused), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2},
        {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1,
         "dropout": 0.2, "seed": 4, "use_gate": True},
    ],
)
def test_harness(kwargs):
    query, value = _inputs()
    run_layer_test(
        GroupedQueryAttention,
        init_kwargs=kwargs,
        input_data=query,
        call_kwargs={"value": value},
        expected_output_shape=(2, 4, 6),
        expected_num_trainable_weights=10 if kwargs.get("use_gate") else 8,
        expected_num_seed_generators=1 if kwargs.get("dropout") else 0,
        supports_masking=True,
    )


def test_keras3_layout_and_public_name():
    assert keras.layers.GroupQueryAttention is GroupedQueryAttention
    layer = GroupedQueryAttention(4, 4, 2, name="grouped_query_attention")
    layer(np.zeros((1, 3, 5), "float32"), np.zeros((1, 6, 7), "float32"))
    # What Keras 3.15.1 gives for the same layer.
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("grouped_query_attention/query/kernel", (5, 4, 4)),
        ("grouped_query_attention/query/bias", (4, 4)),
        ("grouped_query_attention/key/kernel", (7, 2, 4)),
        ("grouped_query_attention/key/bias", (2, 4)),
        ("grouped_query_attention/value/kernel", (7, 2, 4)),
        ("grouped_query_attention/value/bias", (2, 4)),
        ("grouped_query_attention/attention_output/kernel", (4, 4, 5)),
        ("grouped_query_attention/attention_output/bias", (5,)),
    ]
    config = layer.get_config()
    assert GroupedQueryAttention.from_config(config).get_config() == config


@pytest.mark.parametrize(
    "args, kwargs, argument",
    [
        ((0, 4, 2), {}, "head_dim"),
        ((2, 4, 3), {}, "num_query_heads"),
        ((2, 4, 2), {"dropout": -0.1}, "dropout"),
        ((2, 4, 2), {"sliding_window": 0}, "sliding_window"),
    ],
)
def test_argument_errors(args, kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        GroupedQueryAttention(*args, **kwargs)


def test_rank_error():
    layer = GroupedQueryAttention(2, 2, 1)
    with pytest.raises(ValueError, match="query_shape"):
        layer(np.zeros((1, 2, 3, 4), "float32"), np.zeros((1, 2, 3, 4), "float32"))


def test_saved_under_its_public_name_and_reloaded(tmp_path):
    # Keras 3 writes the class as keras.layers.GroupQueryAttention; a file of ours loads
    # back (and in Keras 3) only if we write the same.
    inputs = keras.Input((5, 8))
    layer = keras.layers.GroupQueryAttention(
        head_dim=4, num_query_heads=4, num_key_value_heads=2
    )
    model = keras.Model(inputs, layer(inputs, inputs))
    serialized = keras.saving.serialize_keras_object(layer)
    assert serialized["class_name"] == "GroupQueryAttention"
    assert serialized["module"] == "keras.layers"
    x = np.random.default_rng(0).normal(size=(2, 5, 8)).astype("float32")
    path = str(tmp_path / "gqa.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6, atol=1e-6
    )
