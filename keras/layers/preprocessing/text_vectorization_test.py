"""TextVectorization against explicit Python references."""

import math
import string

import numpy as np
import pytest

import keras
from keras import ops
from keras.layers.preprocessing import tf_text

L = keras.layers
CORPUS = ["The cat, sat!", "the cat ran", "A dog; ran FAST"]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x)) if not isinstance(x, np.ndarray) else x


def _standardize(text):
    text = text.lower()
    return "".join(ch for ch in text if ch not in string.punctuation)


def _ref_vocab(docs, max_tokens=None, reserved=2):
    counts = {}
    for doc in docs:
        for t in doc:
            counts[t] = counts.get(t, 0) + 1
    vocab = sorted(counts, key=lambda t: (counts[t], t), reverse=True)
    return vocab if max_tokens is None else vocab[: max_tokens - reserved]


def test_adapt_int_mode_against_reference():
    layer = L.TextVectorization(output_sequence_length=4)
    layer.adapt(CORPUS)
    docs = [_standardize(t).split() for t in CORPUS]
    vocab = _ref_vocab(docs)
    assert layer.get_vocabulary() == ["", "[UNK]"] + vocab
    inputs = ["the dog sat here", "cat", "a b c d e f"]
    got = _np(layer(np.array(inputs)))
    for text, row in zip(inputs, got):
        words = _standardize(text).split()
        ids = [2 + vocab.index(t) if t in vocab else 1 for t in words]
        ids = (ids + [0] * 4)[:4]
        np.testing.assert_array_equal(row, ids)


def test_adapt_from_dataset_matches_array():
    tf = tf_text.tf()
    from_array = L.TextVectorization()
    from_array.adapt(np.array(CORPUS))
    from_data = L.TextVectorization()
    from_data.adapt(tf.data.Dataset.from_tensor_slices(CORPUS).batch(2))
    assert from_data.get_vocabulary() == from_array.get_vocabulary()


def test_adapt_counts_tokens_and_documents_across_batches():
    # Words repeated inside documents, empty documents, several batches: the
    # vocabulary and idf weights match counts made here in Python.
    tf = tf_text.tf()
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(12)]
    texts = [" ".join(rng.choice(words, rng.integers(0, 9))) for _ in range(40)]
    layer = L.TextVectorization(output_mode="tf_idf", max_tokens=10)
    layer.adapt(tf.data.Dataset.from_tensor_slices(texts).batch(7))
    docs = [t.split() for t in texts]
    vocab = _ref_vocab(docs, max_tokens=10, reserved=1)
    assert layer.get_vocabulary() == ["[UNK]"] + vocab
    idf = [math.log(1 + len(docs) / (1 + sum(t in d for d in docs))) for t in vocab]
    # Each vocabulary word once, no OOV word: the output is the idf weights.
    got = _np(layer(np.array([" ".join(vocab)])))[0]
    np.testing.assert_allclose(got, [0.0] + idf, rtol=1e-6)


def test_adapt_without_split_counts_whole_strings():
    layer = L.TextVectorization(split=None, standardize=None)
    layer.adapt(np.array(["b a", "c", "b a", "c", "b a", "d"]))
    assert layer.get_vocabulary() == ["", "[UNK]", "b a", "c", "d"]


def test_max_tokens_and_ragged_padding():
    layer = L.TextVectorization(max_tokens=4)
    layer.adapt(np.array(["b b a a c"]))
    assert layer.get_vocabulary() == ["", "[UNK]", "b", "a"]
    got = _np(layer(np.array(["a b c", "b"])))
    np.testing.assert_array_equal(got, [[3, 2, 1], [2, 0, 0]])


@pytest.mark.parametrize("standardize", ["lower", "strip_punctuation", None])
def test_standardize_modes(standardize):
    layer = L.TextVectorization(
        standardize=standardize, vocabulary=["Cat", "cat", "cat!"]
    )
    got = _np(layer(np.array(["Cat cat! CAT"])))[0]
    text = "Cat cat! CAT"
    if standardize == "lower":
        text = text.lower()
    elif standardize == "strip_punctuation":
        text = "".join(ch for ch in text if ch not in string.punctuation)
    vocab = ["Cat", "cat", "cat!"]
    ids = [2 + vocab.index(t) if t in vocab else 1 for t in text.split()]
    np.testing.assert_array_equal(got, ids)


def test_callables_and_character_split():
    tf = tf_text.tf()

    layer = L.TextVectorization(
        standardize=lambda x: tf.strings.regex_replace(x, "-", " "),
        split=lambda x: tf.strings.split(x, sep=" "),
        vocabulary=["x", "y"],
    )
    np.testing.assert_array_equal(_np(layer(np.array(["x-y-z"]))), [[2, 3, 1]])
    chars = L.TextVectorization(
        vocabulary=["x", "y"],
        split="character",
        standardize=None,
        output_sequence_length=5,
    )
    np.testing.assert_array_equal(
        _np(chars(np.array(["xyz", "yyyyyyy"]))), [[2, 3, 1, 0, 0], [3, 3, 3, 3, 3]]
    )


def test_ngrams_count():
    layer = L.TextVectorization(ngrams=2, output_mode="count")
    layer.adapt(CORPUS)
    docs = []
    for text in CORPUS:
        words = _standardize(text).split()
        docs.append(words + [f"{a} {b}" for a, b in zip(words, words[1:])])
    vocab = _ref_vocab(docs)
    assert layer.get_vocabulary() == ["[UNK]"] + vocab
    words = "a cat sat".split()
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    expected = np.zeros(1 + len(vocab))
    for g in grams:
        expected[1 + vocab.index(g) if g in vocab else 0] += 1
    np.testing.assert_array_equal(_np(layer(np.array(["a cat sat"])))[0], expected)


@pytest.mark.parametrize("mode", ["multi_hot", "tf_idf"])
def test_vector_modes_after_adapt(mode):
    layer = L.TextVectorization(output_mode=mode)
    layer.adapt(CORPUS)
    docs = [_standardize(t).split() for t in CORPUS]
    vocab = _ref_vocab(docs)
    idf = [math.log(1 + len(docs) / (1 + sum(t in d for d in docs))) for t in vocab]
    weights = [np.mean(idf)] + idf
    words = "cat cat zebra".split()
    expected = np.zeros(1 + len(vocab))
    for w in words:
        j = 1 + vocab.index(w) if w in vocab else 0
        expected[j] = 1 if mode == "multi_hot" else expected[j] + 1
    if mode == "tf_idf":
        expected *= weights
    got = _np(layer(np.array(["cat cat zebra"])))[0]
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_config_round_trip_and_keys():
    layer = L.TextVectorization(
        vocabulary=["a", "b"],
        output_mode="tf_idf",
        idf_weights=[1.0, 2.0],
        ngrams=(1, 2),
    )
    config = layer.get_config()
    assert list(config)[3:] == [
        "max_tokens", "standardize", "split", "ngrams", "output_mode",
        "output_sequence_length", "pad_to_max_tokens", "sparse", "ragged",
        "vocabulary", "idf_weights", "encoding", "vocabulary_size",
    ]
    assert config["vocabulary"] == ["a", "b"] and config["vocabulary_size"] == 3
    clone = L.TextVectorization.from_config(config)
    x = np.array(["a b b q", "b a"])
    np.testing.assert_allclose(_np(clone(x)), _np(layer(x)))


def test_symbolic_shapes():
    x = keras.Input(shape=(), dtype="string")
    fixed = L.TextVectorization(vocabulary=["a"], output_sequence_length=4)
    assert fixed(x).shape == (None, 4)
    assert L.TextVectorization(vocabulary=["a"])(x).shape == (None, None)
    hot = L.TextVectorization(vocabulary=["a"], output_mode="multi_hot")
    assert hot(x).shape == (None, 2)


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"standardize": "bad"}, "standardize"),
        ({"split": "bad"}, "split"),
        ({"ngrams": 0}, "ngrams"),
        ({"output_mode": "one_hot"}, "output_mode"),
        (
            {"output_sequence_length": 3, "output_mode": "count"},
            "output_sequence_length",
        ),
    ],
)
def test_argument_errors(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        L.TextVectorization(**kwargs)


@pytest.mark.skipif(
    keras.config.backend() != "tensorflow",
    reason="ragged=True returns a tf.RaggedTensor: TensorFlow backend only (as Keras)",
)
def test_ragged_output_on_tensorflow():
    tf = tf_text.tf()
    layer = L.TextVectorization(vocabulary=["a", "b"], ragged=True)
    out = layer(np.array(["a b q", "b"]))
    assert isinstance(out, tf.RaggedTensor)
    assert out.to_list() == [[2, 3, 1], [3]]
