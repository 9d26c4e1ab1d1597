"""ReversibleEmbedding: lookups, tied and untied reverse projections, soft cap,
reverse dtype, config, saving and argument errors."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.backends import active
from keras.backends.common.dtypes import standardize_dtype
from keras.layers.testing import FIT_GAPS

RNG = np.random.default_rng(9)
TOKENS = np.array([[1, 4, 0], [9, 2, 2]], "int32")
HIDDEN = RNG.standard_normal((2, 3, 4)).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_tied_lookup_and_reverse_match_numpy():
    layer = layers.ReversibleEmbedding(10, 4, name="emb")
    layer.build()
    table = RNG.standard_normal((10, 4)).astype("float32")
    layer.set_weights([table])
    np.testing.assert_allclose(_np(layer(TOKENS)), table[TOKENS], rtol=1e-6)
    logits = _np(layer(HIDDEN, reverse=True))
    assert logits.shape == (2, 3, 10)
    np.testing.assert_allclose(logits, HIDDEN @ table.T, rtol=1e-5, atol=1e-5)
    assert [w.path for w in layer.weights] == ["emb/embeddings"]
    assert layer.compute_output_shape((2, 3, 4), reverse=True) == (2, 3, 10)
    assert layer.compute_output_shape((2, 3)) == (2, 3, 4)


def test_untied_reverse_uses_its_own_table_and_soft_cap():
    layer = layers.ReversibleEmbedding(
        10, 4, tie_weights=False, logit_soft_cap=2.0, name="emb"
    )
    layer.build()
    assert [w.path for w in layer.weights] == [
        "emb/embeddings",
        "emb/reverse_embeddings",
    ]
    table = RNG.standard_normal((10, 4)).astype("float32")
    reverse = RNG.standard_normal((4, 10)).astype("float32")
    layer.set_weights([table, reverse])
    got = _np(layer(HIDDEN, reverse=True))
    want = np.tanh((HIDDEN @ reverse) / 2.0) * 2.0
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert np.all(np.abs(got) < 2.0)
    np.testing.assert_allclose(_np(layer(TOKENS)), table[TOKENS], rtol=1e-6)


def test_reverse_dtype_sets_the_logits_dtype():
    layer = layers.ReversibleEmbedding(10, 4, reverse_dtype="float16")
    layer.build()
    logits = layer(HIDDEN, reverse=True)
    assert standardize_dtype(logits.dtype) == "float16"
    want = HIDDEN.astype("float16") @ _np(layer.embeddings).astype("float16").T
    np.testing.assert_allclose(_np(logits), want, rtol=1e-2, atol=1e-3)
    symbolic = layer(keras.Input((3, 4)), reverse=True)
    assert symbolic.shape == (None, 3, 10)
    assert standardize_dtype(symbolic.dtype) == "float16"


def test_config_matches_keras_keys_and_round_trips():
    layer = layers.ReversibleEmbedding(
        10, 4, tie_weights=False, reverse_dtype="float32", logit_soft_cap=5.0
    )
    config = layer.get_config()
    assert list(config)[-3:] == ["tie_weights", "reverse_dtype", "logit_soft_cap"]
    assert config["tie_weights"] is False
    assert config["reverse_dtype"] == "float32"
    assert config["logit_soft_cap"] == 5.0
    again = layers.ReversibleEmbedding.from_config(config)
    assert again.get_config() == config


def test_untied_model_saves_and_reloads(tmp_path):
    inputs = keras.Input((3,), dtype="int32")
    layer = layers.ReversibleEmbedding(10, 4, tie_weights=False)
    outputs = layer(layer(inputs), reverse=True)
    model = keras.Model(inputs, outputs)
    layer.set_weights(
        [RNG.standard_normal(np.shape(w)).astype("float32") for w in layer.get_weights()]
    )
    path = str(tmp_path / "m.keras")
    model.save(path)
    again = keras.saving.load_model(path)
    np.testing.assert_allclose(
        _np(again.predict(TOKENS, verbose=0)), _np(model.predict(TOKENS, verbose=0)),
        rtol=1e-6,
    )


def test_argument_errors():
    with pytest.raises(ValueError, match="logit_soft_cap.*received logit_soft_cap='x'"):
        layers.ReversibleEmbedding(10, 4, logit_soft_cap="x")
    with pytest.raises(ValueError, match="reverse_dtype.*received reverse_dtype='f'"):
        layers.ReversibleEmbedding(10, 4, reverse_dtype="f")
    with pytest.raises(ValueError, match="input_dim"):
        layers.ReversibleEmbedding(0, 4)


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_one_fit_step_trains_the_tied_table_through_both_directions():
    inputs = keras.Input((3,), dtype="int32")
    layer = layers.ReversibleEmbedding(10, 4)
    model = keras.Model(inputs, layer(layer(inputs), reverse=True))
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    before = np.array(layer.get_weights()[0])
    history = model.fit(TOKENS, np.ones((2, 3, 10), "float32"), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    changed = np.any(before != layer.get_weights()[0], axis=1)
    # Every row gets a gradient from the reverse projection, not only looked-up rows.
    assert changed.all()
