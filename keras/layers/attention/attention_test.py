"""Attention and AdditiveAttention: NumPy references (dot, concat and additive
scores, scales, masks, causal, dropout), the harness, configs and errors."""

import numpy as np
import pytest

from keras import ops
from keras.layers.attention.additive_attention import AdditiveAttention
from keras.layers.attention.attention import Attention
from keras.layers.testing import run_layer_test

RNG = np.random.default_rng(3)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _inputs(dim=4):
    return [
        RNG.standard_normal((2, 3, dim)).astype("float32"),
        RNG.standard_normal((2, 5, dim)).astype("float32"),
        RNG.standard_normal((2, 5, dim)).astype("float32"),
    ]


def _scores(layer, query, key):
    pairs = query[:, :, None] + key[:, None]  # (B, T, S, dim)
    if isinstance(layer, AdditiveAttention):
        features = np.tanh(pairs)
        if layer.use_scale:
            features = features * _np(layer.scale)
        return features.sum(-1)
    scale = _np(layer.scale) if layer.use_scale else 1.0
    if layer.score_mode == "dot":
        return np.einsum("btd,bsd->bts", query, key) * scale
    return _np(layer.concat_score_weight) * np.tanh(scale * pairs).sum(-1)


def reference(layer, query, value, key, query_mask=None, keep=None):
    scores = _scores(layer, query, key)
    if keep is not None:
        # Keras subtracts 1e9 in float32, where it swamps the scores: a fully
        # masked row comes out uniform, as with this constant.
        scores = np.where(keep, scores, -1e9)
    probs = _softmax(scores)
    out = probs @ value
    if query_mask is not None:
        out = out * query_mask[..., None]
    return out, probs


LAYERS = [
    (Attention, {}),
    (Attention, {"use_scale": True}),
    (Attention, {"use_scale": True, "score_mode": "concat"}),
    (Attention, {"score_mode": "concat"}),
    (AdditiveAttention, {}),
    (AdditiveAttention, {"use_scale": False}),
]
IDS = [f"{cls.__name__}-{kwargs}" for cls, kwargs in LAYERS]


def _built(cls, kwargs, inputs):
    layer = cls(**kwargs)
    layer(inputs)
    # Away from their initial values (ones), so the scales are really tested.
    layer.set_weights([w * 0.5 + 0.3 for w in layer.get_weights()])
    return layer


@pytest.mark.parametrize("cls, kwargs", LAYERS, ids=IDS)
def test_forward_matches_numpy(cls, kwargs):
    query, value, key = _inputs()
    layer = _built(cls, kwargs, [query, value, key])
    out, probs = layer([query, value, key], return_attention_scores=True)
    want, want_probs = reference(layer, query, value, key)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(probs), want_probs, rtol=1e-5, atol=1e-6)
    # Without a key, the value is the key.
    want = reference(layer, query, value, value)[0]
    np.testing.assert_allclose(_np(layer([query, value])), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("cls, kwargs", LAYERS[::2], ids=IDS[::2])
def test_masks_and_causal(cls, kwargs):
    query, value, key = _inputs()
    layer = _built(cls, kwargs, [query, value, key])
    query_mask = np.array([[1, 1, 0], [1, 1, 1]], bool)
    value_mask = np.array([[1, 0, 1, 1, 0], [0, 0, 0, 0, 0]], bool)
    out, probs = layer(
        [query, value, key], mask=[query_mask, value_mask],
        return_attention_scores=True,
    )
    keep = np.broadcast_to(value_mask[:, None], (2, 3, 5))
    want, want_probs = reference(layer, query, value, key, query_mask, keep)
    np.testing.assert_allclose(_np(out), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(probs), want_probs, rtol=1e-5, atol=1e-6)
    # A query with no visible value attends to all of them equally, as Keras.
    np.testing.assert_allclose(_np(probs)[1], 0.2, rtol=1e-6)
    np.testing.assert_array_equal(
        _np(layer.compute_mask([query, value], [query_mask, value_mask])), query_mask
    )
    causal = np.arange(5)[None, :] <= np.arange(3)[:, None]
    out = layer([query, value, key], use_causal_mask=True)
    want = reference(layer, query, value, key, keep=np.broadcast_to(causal, (2, 3, 5)))
    np.testing.assert_allclose(_np(out), want[0], rtol=1e-5, atol=1e-5)


def test_dropout_scores_after_dropout():
    query, value, _ = _inputs()
    layer = Attention(dropout=0.5, seed=2)
    out, probs = layer([query, value], training=True, return_attention_scores=True)
    probs = _np(probs)
    clean = reference(layer, query, value, value)[1]
    kept = probs != 0
    assert 0 < kept.mean() < 1
    np.testing.assert_allclose(probs[kept], clean[kept] * 2, rtol=1e-5)
    np.testing.assert_allclose(_np(out), probs @ value, rtol=1e-5, atol=1e-5)
    inference = _np(layer([query, value]))
    np.testing.assert_allclose(inference, clean @ value, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("cls, kwargs", LAYERS, ids=IDS)
def test_harness(cls, kwargs):
    weights = int(kwargs.get("use_scale", cls is AdditiveAttention))
    weights += kwargs.get("score_mode") == "concat"
    run_layer_test(
        cls,
        init_kwargs=kwargs,
        input_shape=[(2, 3, 4), (2, 5, 4)],
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=weights,
        supports_masking=True,
    )


def test_harness_with_dropout_and_masks():
    run_layer_test(
        Attention,
        init_kwargs={"dropout": 0.3, "seed": 1},
        input_shape=[(2, 3, 4), (2, 5, 4)],
        input_mask=[np.array([[1, 1, 0], [1, 0, 0]], bool), np.ones((2, 5), bool)],
        expected_output_shape=(2, 3, 4),
        expected_num_seed_generators=1,
        supports_masking=True,
        expected_mask_shape=(2, 3),
    )


def test_configs_as_keras3():
    config = Attention(seed=3).get_config()
    assert {k: config[k] for k in ("use_scale", "score_mode", "dropout", "seed")} == {
        "use_scale": False, "score_mode": "dot", "dropout": 0.0, "seed": 3,
    }
    config = AdditiveAttention(dropout=0.1, seed=3, name="a").get_config()
    assert "score_mode" not in config
    assert {k: config[k] for k in ("use_scale", "dropout", "seed")} == {
        "use_scale": True, "dropout": 0.1, "seed": 3,
    }
    assert AdditiveAttention.from_config(config).get_config() == config
    layer = AdditiveAttention(name="additive")
    layer([np.zeros((1, 2, 4), "float32")] * 2)
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("additive/scale", (4,))
    ]


def test_errors():
    with pytest.raises(ValueError, match="score_mode"):
        Attention(score_mode="general")
    with pytest.raises(ValueError, match="dropout"):
        Attention(dropout=2.0)
    query, value, _ = _inputs()
    with pytest.raises(ValueError, match="inputs"):
        Attention()(query)
    with pytest.raises(ValueError, match="mask"):
        Attention()([query, value], mask=np.ones((2, 3), bool))
