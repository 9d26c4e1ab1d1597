"""MultiHeadAttention: NumPy softmax-attention references (masks, causal, sliding
window, gate, two attention axes, scores), the harness, the Keras 3 weight layout and
argument errors."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.backends import active
from keras.layers.attention.multi_head_attention import MultiHeadAttention
from keras.layers.testing import run_layer_test

RNG = np.random.default_rng(7)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _dense(x, sublayer, contract=1):
    """A projection (batch, ..., features) -> (batch, ..., heads, dim), or with
    `contract=2` back: (batch, ..., heads, dim) -> (batch, ..., out)."""
    kernel = _np(sublayer.kernel)
    axes = list(range(-contract, 0)), list(range(contract))
    y = np.tensordot(x, kernel, axes=axes)
    if sublayer.bias is not None:
        y = y + _np(sublayer.bias)
    return y


def reference(layer, query, value, key=None, mask=None):
    """(outputs, probabilities) of rank-3 multi-head attention in NumPy; `mask` is a
    (batch, T, S) boolean; a query with no visible key attends uniformly."""
    key = value if key is None else key
    q = _dense(query, layer.query_dense) / np.sqrt(layer.key_dim)
    k = _dense(key, layer.key_dense)
    v = _dense(value, layer.value_dense)
    logits = np.einsum("btnh,bsnh->bnts", q, k)
    if mask is not None:
        logits = np.where(mask[:, None], logits, -1e9)
    probs = _softmax(logits)
    heads = np.einsum("bnts,bsnh->btnh", probs, v)
    if layer._use_gate:
        heads = heads / (1 + np.exp(-_dense(query, layer._gate_dense)))
    return _dense(heads, layer.output_dense, contract=2), probs


def _inputs(batch=2, t=4, s=5, dim=6, value_dim=None):
    query = RNG.standard_normal((batch, t, dim)).astype("float32")
    value = RNG.standard_normal((batch, s, value_dim or dim)).astype("float32")
    return query, value


def _layer(**kwargs):
    kwargs.setdefault("bias_initializer", "random_normal")
    return MultiHeadAttention(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"num_heads": 2, "key_dim": 3},
        {"num_heads": 3, "key_dim": 2, "value_dim": 5, "output_shape": 7},
        {"num_heads": 1, "key_dim": 4, "use_bias": False},
        {"num_heads": 2, "key_dim": 3, "use_gate": True},
    ],
)
def test_forward_matches_numpy(kwargs):
    layer = _layer(**kwargs)
    query, value = _inputs(value_dim=5)
    key = RNG.standard_normal(value.shape).astype("float32")
    out, scores = layer(query, value, key=key, return_attention_scores=True)
    want, probs = reference(layer, query, value, key)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(scores), probs, rtol=1e-5, atol=1e-6)
    # The fused path (no scores asked) computes the same.
    fused = layer(query, value, key=key)
    np.testing.assert_allclose(_np(fused), want, rtol=1e-5, atol=1e-5)
    assert _np(scores).shape == (2, layer.num_heads, 4, 5)


def test_padding_masks_and_attention_mask():
    layer = _layer(num_heads=2, key_dim=3)
    query, value = _inputs()
    query_mask = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], bool)
    value_mask = np.array([[1, 1, 0, 1, 0], [1, 0, 1, 1, 1]], bool)
    key_mask = np.array([[1, 1, 1, 1, 0], [1, 1, 1, 0, 1]], bool)
    attention_mask = RNG.random((2, 4, 5)) > 0.2
    attention_mask[:, :, 0] = True  # every query keeps a key
    kwargs = dict(
        query_mask=query_mask, value_mask=value_mask, key_mask=key_mask,
        attention_mask=attention_mask,
    )
    full = query_mask[:, :, None] & value_mask[:, None] & key_mask[:, None]
    full = full & attention_mask
    out, scores = layer(query, value, return_attention_scores=True, **kwargs)
    want, probs = reference(layer, query, value, mask=full)
    # Masked queries see no key at all: the scores path gives them zero
    # probabilities (as Keras's Softmax layer does); compare the visible rows.
    visible = full.any(-1)
    np.testing.assert_allclose(_np(out)[visible], want[visible], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(scores), probs * full[:, None], rtol=1e-5, atol=1e-6)
    # The fused path (as Keras's dot_product_attention path) attends uniformly there.
    fused = layer(query, value, **kwargs)
    np.testing.assert_allclose(_np(fused), want, rtol=1e-5, atol=1e-5)


def test_fully_masked_query_rows_as_keras():
    layer = _layer(num_heads=1, key_dim=3)
    query, value = _inputs()
    value_mask = np.array([[1, 1, 0, 0, 0], [0, 0, 0, 0, 0]], bool)
    out, scores = layer(
        query, value, value_mask=value_mask, return_attention_scores=True
    )
    assert np.all(_np(scores)[1] == 0)
    # No visible value: the heads are 0, the output is the output projection's bias.
    np.testing.assert_allclose(
        _np(out)[1], np.broadcast_to(_np(layer.output_dense.bias), (4, 6)), atol=1e-6
    )
    fused = _np(layer(query, value, value_mask=value_mask))
    # Keras's dot_product_attention path: equal weights over every key there.
    mask = np.broadcast_to(value_mask[:, None], (2, 4, 5))
    np.testing.assert_allclose(
        fused, reference(layer, query, value, mask=mask)[0], rtol=1e-5, atol=1e-5
    )


@pytest.mark.parametrize(
    "causal, window", [(True, None), (False, 2), (False, 3), (True, 2), (True, 3)]
)
def test_causal_and_sliding_window(causal, window):
    layer = _layer(num_heads=2, key_dim=3, sliding_window=window)
    query, _ = _inputs(t=6)
    i, j = np.arange(6)[:, None], np.arange(6)[None, :]
    keep = np.ones((6, 6), bool)
    if causal:
        keep &= j <= i
    if window is not None:
        keep &= np.abs(i - j) < window
    mask = np.broadcast_to(keep, (2, 6, 6))
    out, scores = layer(
        query, query, use_causal_mask=causal, return_attention_scores=True
    )
    want, probs = reference(layer, query, query, mask=mask)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(scores), probs, rtol=1e-5, atol=1e-6)
    fused = layer(query, query, use_causal_mask=causal)
    np.testing.assert_allclose(_np(fused), want, rtol=1e-5, atol=1e-5)


def _embedded_model():
    tokens_q = keras.Input((4,), dtype="int32")
    tokens_v = keras.Input((5,), dtype="int32")
    embed = keras.layers.Embedding(10, 6, mask_zero=True)
    layer = _layer(num_heads=2, key_dim=3)
    model = keras.Model([tokens_q, tokens_v], layer(embed(tokens_q), embed(tokens_v)))
    xq = np.array([[1, 2, 3, 0], [4, 5, 0, 0]], "int32")
    xv = np.array([[1, 2, 0, 0, 0], [3, 4, 5, 6, 0]], "int32")
    table = _np(embed.embeddings)
    full = (xq != 0)[:, :, None] & (xv != 0)[:, None, :]
    want = reference(layer, table[xq], table[xv], mask=full)[0]
    return model, embed, layer, xq, xv, want


def test_masks_from_embedding():
    model, embed, layer, xq, xv, want = _embedded_model()
    np.testing.assert_allclose(_np(model([xq, xv])), want, rtol=1e-5, atol=1e-5)


def test_masks_from_embedding_eagerly():
    if active.name == "numpy":
        pytest.skip(
            "NumPy arrays cannot hold a `_keras_mask` attribute, so eager masks do not "
            "ride on them (as in Keras 3's numpy backend); functional runs carry them"
        )
    _, embed, layer, xq, xv, want = _embedded_model()
    # Eagerly, the masks ride on the embedded tensors; the output keeps the query's.
    out = layer(embed(xq), embed(xv))
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(_np(out._keras_mask), xq != 0)


def test_masks_from_embedding_in_predict():
    model, _, _, xq, xv, want = _embedded_model()
    got = _np(model.predict([xq, xv], verbose=0))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_two_attention_axes():
    layer = _layer(num_heads=2, key_dim=3, value_dim=2, attention_axes=(1, 2))
    query = RNG.standard_normal((2, 3, 2, 5)).astype("float32")
    value = RNG.standard_normal((2, 2, 4, 5)).astype("float32")
    attention_mask = RNG.random((2, 3, 2, 2, 4)) > 0.3
    attention_mask[..., 0, 0] = True
    out, scores = layer(
        query, value, attention_mask=attention_mask, return_attention_scores=True
    )
    assert _np(out).shape == (2, 3, 2, 5)
    assert _np(scores).shape == (2, 2, 3, 2, 2, 4)
    # Reference: the attention axes flattened into one sequence axis.
    flat = reference(
        layer,
        query.reshape(2, 6, 5),
        value.reshape(2, 8, 5),
        mask=attention_mask.reshape(2, 6, 8),
    )
    want = flat[0].reshape(2, 3, 2, 5)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(
        _np(scores), flat[1].reshape(2, 2, 3, 2, 2, 4), rtol=1e-5, atol=1e-6
    )
    assert layer.attention_axes == (1, 2)


def test_one_attention_axis_of_rank_4():
    layer = _layer(num_heads=2, key_dim=3, attention_axes=-2)
    query = RNG.standard_normal((2, 3, 4, 5)).astype("float32")
    out, scores = layer(query, query, return_attention_scores=True)
    assert _np(scores).shape == (2, 3, 2, 4, 4)
    for row in range(3):  # axis 1 is a batch-like axis: each row on its own
        want, probs = reference(layer, query[:, row], query[:, row])
        np.testing.assert_allclose(_np(out)[:, row], want, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(_np(scores)[:, row], probs, rtol=1e-5, atol=1e-6)
    assert layer.get_config()["attention_axes"] == (2,)


def test_dropout_on_the_probabilities():
    layer = _layer(num_heads=2, key_dim=3, dropout=0.5, seed=3)
    query, value = _inputs()
    out, scores = layer(query, value, return_attention_scores=True, training=False)
    want, probs = reference(layer, query, value)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    out, scores = layer(query, value, return_attention_scores=True, training=True)
    # The scores are returned before dropout; the outputs change.
    np.testing.assert_allclose(_np(scores), probs, rtol=1e-5, atol=1e-6)
    assert not np.allclose(_np(out), want, atol=1e-3)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"num_heads": 2, "key_dim": 3},
        {
            "num_heads": 2,
            "key_dim": 3,
            "value_dim": 4,
            "output_shape": (5,),
            "use_gate": True,
        },
        {"num_heads": 2, "key_dim": 2, "dropout": 0.3, "seed": 1},
    ],
)
def test_harness(kwargs):
    query, value = _inputs(batch=3)
    run_layer_test(
        MultiHeadAttention,
        init_kwargs=kwargs,
        input_data=query,
        call_kwargs={"value": value},
        expected_output_shape=(3, 4, kwargs.get("output_shape", (6,))[0]),
        expected_num_trainable_weights=10 if kwargs.get("use_gate") else 8,
        expected_num_seed_generators=1 if kwargs.get("dropout") else 0,
        supports_masking=True,
    )


def test_symbolic_scores_and_build_config():
    query = keras.Input((4, 6))
    value = keras.Input((5, 3))
    layer = MultiHeadAttention(num_heads=2, key_dim=3)
    out, scores = layer(query, value, return_attention_scores=True)
    assert tuple(out.shape) == (None, 4, 6)
    assert tuple(scores.shape) == (None, 2, 4, 5)
    assert layer.get_build_config() == {
        "shapes_dict": {"query_shape": (None, 4, 6), "value_shape": (None, 5, 3)}
    }


def test_keras3_weight_layout_and_config():
    layer = MultiHeadAttention(num_heads=2, key_dim=4, name="mha")
    assert layer.get_config()["attention_axes"] is None
    layer(np.zeros((1, 3, 5), "float32"), np.zeros((1, 6, 7), "float32"))
    # What Keras 3.15.1 gives for the same layer.
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("mha/query/kernel", (5, 2, 4)),
        ("mha/query/bias", (2, 4)),
        ("mha/key/kernel", (7, 2, 4)),
        ("mha/key/bias", (2, 4)),
        ("mha/value/kernel", (7, 2, 4)),
        ("mha/value/bias", (2, 4)),
        ("mha/attention_output/kernel", (2, 4, 5)),
        ("mha/attention_output/bias", (5,)),
    ]
    config = layer.get_config()
    assert config["attention_axes"] == (1,) and config["value_dim"] == 4
    assert "flash_attention" not in config
    clone = MultiHeadAttention.from_config(config)
    assert clone.get_config() == config


def test_saved_weight_paths_as_keras3(tmp_path):
    import h5py

    query = keras.Input((3, 5))
    layer = MultiHeadAttention(num_heads=2, key_dim=4, use_gate=True)
    model = keras.Model(query, layer(query, query))
    model.save_weights(str(tmp_path / "mha.weights.h5"))
    paths = []
    with h5py.File(tmp_path / "mha.weights.h5", "r") as f:
        f.visititems(
            lambda p, o: paths.append(p) if isinstance(o, h5py.Dataset) else None
        )
    # The groups Keras 3.15.1 writes for the same model.
    assert sorted(paths) == sorted(
        f"layers/multi_head_attention/{group}/vars/{i}"
        for group in (
            "query_dense", "key_dense", "value_dense", "output_dense", "_gate_dense"
        )
        for i in (0, 1)
    )


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"num_heads": 0, "key_dim": 2}, "num_heads"),
        ({"num_heads": 2, "key_dim": 2.5}, "key_dim"),
        ({"num_heads": 2, "key_dim": 2, "dropout": 1.5}, "dropout"),
        ({"num_heads": 2, "key_dim": 2, "output_shape": "x"}, "output_shape"),
        ({"num_heads": 2, "key_dim": 2, "attention_axes": "x"}, "attention_axes"),
        ({"num_heads": 2, "key_dim": 2, "sliding_window": 0}, "sliding_window"),
    ],
)
def test_argument_errors(kwargs, argument):
    with pytest.raises((ValueError, TypeError), match=argument):
        MultiHeadAttention(**kwargs)


def test_call_errors():
    query, value = _inputs()
    layer = MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(3,))
    with pytest.raises(ValueError, match="attention_axes"):
        layer(query, value)
    with pytest.raises(ValueError, match="query_mask"):
        MultiHeadAttention(2, 2)(query, value, query_mask=np.ones((2, 4, 1), bool))
    with pytest.raises(ValueError, match="same rank"):
        MultiHeadAttention(2, 2)(query, value[:, None])
