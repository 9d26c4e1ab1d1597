"""StringLookup and IntegerLookup against explicit Python references."""

import math

import numpy as np
import pytest

import keras
from keras import ops
from keras.layers.preprocessing import tf_text

L = keras.layers


def _np(x):
    return np.asarray(ops.convert_to_numpy(x)) if not isinstance(x, np.ndarray) else x


def _ref_index(values, vocab, mask=None, n_oov=1, mask_slot=True):
    """The int-mode index of each value, by the documented rule (known values
    only)."""
    offset = int(mask is not None and mask_slot)
    start = offset + n_oov
    out = []
    for v in values:
        if mask is not None and v == mask:
            out.append(0 if mask_slot else -1)
        elif v in vocab:
            out.append(start + vocab.index(v))
        else:
            out.append(None)  # an OOV slot
    return out


def test_string_int_mode_mask_and_oov():
    vocab = ["a", "b", "c"]
    layer = L.StringLookup(vocabulary=vocab, mask_token="", num_oov_indices=2)
    x = np.array([["a", "x", ""], ["c", "b", "zz"]])
    got = _np(layer(x))
    for row_in, row_out in zip(x, got):
        ref = _ref_index(list(row_in), vocab, "", 2)
        for r, g in zip(ref, row_out):
            if r is None:
                assert g in (1, 2)  # one of the two OOV slots
            else:
                assert g == r
    assert layer.get_vocabulary() == ["", "[UNK]", "[UNK]", "a", "b", "c"]
    assert layer.get_vocabulary(include_special_tokens=False) == vocab
    assert layer.vocabulary_size() == 6


def test_integer_oov_floormod_and_mask():
    layer = L.IntegerLookup(vocabulary=[10, 20, 30], mask_token=0, num_oov_indices=2)
    x = np.array([10, 0, 30, 7, 8, -5])
    expected = []
    for v in x:
        if v == 0:
            expected.append(0)
        elif v in (10, 20, 30):
            expected.append(3 + [10, 20, 30].index(v))
        else:
            expected.append(1 + v % 2)  # Python % is floormod
    np.testing.assert_array_equal(_np(layer(x)), expected)


def test_adapt_orders_by_frequency_then_descending_value():
    data = np.array(["c", "b", "a", "b", "a", "z", "z", "q", "q", "q"])
    layer = L.StringLookup()
    layer.adapt(data)
    counts = {}
    for v in data:
        counts[v] = counts.get(v, 0) + 1
    ref = sorted(counts, key=lambda t: (counts[t], t), reverse=True)
    assert layer.get_vocabulary() == ["[UNK]"] + ref
    ints = L.IntegerLookup(max_tokens=3)
    ints.adapt(np.array([5, 3, 3, 7, 7, 1]))
    assert ints.get_vocabulary() == [-1, 7, 3]


def test_adapt_list_and_dataset():
    tf = tf_text.tf()

    data = ["x", "y", "y", "w"]
    a = L.StringLookup()
    a.adapt(data)
    b = L.StringLookup()
    b.adapt(tf.data.Dataset.from_tensor_slices(data).batch(2))
    assert a.get_vocabulary() == b.get_vocabulary() == ["[UNK]", "y", "x", "w"]


def test_invert():
    layer = L.StringLookup(vocabulary=["a", "b", "c"], mask_token="", invert=True)
    out = _np(layer(np.array([[0, 1, 2, 3, 4, 7]])))
    assert [v.decode() for v in out[0]] == ["", "[UNK]", "a", "b", "c", "[UNK]"]
    ints = L.IntegerLookup(vocabulary=[10, 20, 30], invert=True)
    np.testing.assert_array_equal(_np(ints(np.array([0, 1, 3, 9]))), [-1, 10, 30, -1])


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count", "tf_idf"])
def test_vector_modes(mode):
    vocab = ["a", "b", "c"]
    idf = [0.5, 1.0, 2.0]
    kwargs = {"idf_weights": idf} if mode == "tf_idf" else {}
    mask = None if mode == "one_hot" else ""
    layer = L.StringLookup(
        vocabulary=vocab, output_mode=mode, mask_token=mask, **kwargs
    )
    rows = [["a"], ["q"]] if mode == "one_hot" else [["a", "a", ""], ["c", "q", "b"]]
    got = _np(layer(np.array(rows)))
    depth = 1 + len(vocab)  # OOV + tokens; vector modes have no mask slot
    oov_weight = sum(idf) / len(idf)
    weights = [oov_weight] + idf
    expected = np.zeros((len(rows), depth))
    for i, row in enumerate(rows):
        for v in row:
            if v == "":
                continue
            j = 1 + vocab.index(v) if v in vocab else 0
            if mode in ("one_hot", "multi_hot"):
                expected[i, j] = 1
            else:
                expected[i, j] += 1
        if mode == "tf_idf":
            expected[i] *= weights
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_tf_idf_adapt_weights():
    docs = [["a", "b", "a"], ["b", "c", "c"], ["a", "d", "d"]]
    layer = L.StringLookup(output_mode="tf_idf")
    layer.adapt(np.array(docs))
    tokens = layer.get_vocabulary()[1:]
    idf = [math.log(1 + 3 / (1 + sum(t in d for d in docs))) for t in tokens]
    np.testing.assert_allclose(layer.idf_weights, [np.mean(idf)] + idf, rtol=1e-6)
    got = _np(layer(np.array([["a", "zz", "d"]])))[0]
    expected = np.zeros(len(tokens) + 1)
    expected[0] = np.mean(idf)
    for t in ("a", "d"):
        expected[1 + tokens.index(t)] = idf[tokens.index(t)]
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_pad_to_max_tokens_and_vocabulary_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("a\nb")
    layer = L.StringLookup(
        vocabulary=str(path),
        output_mode="multi_hot",
        pad_to_max_tokens=True,
        max_tokens=6,
    )
    got = _np(layer(np.array([["a", "b"]])))
    np.testing.assert_array_equal(got, [[0, 1, 1, 0, 0, 0]])
    assert layer.get_config()["vocabulary"] == str(path)


def test_set_vocabulary_and_config_round_trip():
    layer = L.IntegerLookup(vocabulary=np.array([3, 4]), mask_token=0)
    config = layer.get_config()
    assert config["vocabulary"] == [3, 4]
    assert config["vocabulary_size"] == 4
    clone = L.IntegerLookup.from_config(config)
    x = np.array([4, 0, 3, 9])
    np.testing.assert_array_equal(_np(clone(x)), _np(layer(x)))
    layer.set_vocabulary([9])
    np.testing.assert_array_equal(_np(layer(x)), [1, 0, 1, 2])


def test_keras_config_keys():
    # The keys and order Keras 3.15.1's get_config() returns.
    config = L.StringLookup().get_config()
    assert list(config)[3:] == [
        "invert", "max_tokens", "num_oov_indices", "oov_token", "mask_token",
        "output_mode", "sparse", "pad_to_max_tokens", "idf_weights", "vocabulary",
        "vocabulary_size", "oov_method", "salt", "encoding",
    ]
    config = L.IntegerLookup().get_config()
    assert list(config)[3:] == [
        "invert", "max_tokens", "num_oov_indices", "oov_token", "mask_token",
        "output_mode", "sparse", "pad_to_max_tokens", "vocabulary_dtype",
        "idf_weights", "vocabulary", "vocabulary_size", "oov_method", "salt",
    ]
    assert config["oov_token"] == -1 and config["vocabulary_dtype"] == "int64"


def test_symbolic_shape():
    x = keras.Input(shape=(3,), dtype="string")
    y = L.StringLookup(vocabulary=["a"])(x)
    assert y.shape == (None, 3) and y.dtype == "int64"
    z = L.StringLookup(vocabulary=["a", "b"], output_mode="count")(x)
    assert z.shape == (None, 3)


def test_inside_tf_data_map_returns_tf_tensors():
    tf = tf_text.tf()

    layer = L.StringLookup(vocabulary=["a", "b"])
    ds = tf.data.Dataset.from_tensor_slices(["b", "a", "x"]).batch(3).map(layer)
    batch = next(iter(ds))
    assert isinstance(batch, tf.Tensor)
    np.testing.assert_array_equal(batch.numpy(), [2, 1, 0])


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"output_mode": "bad"}, "output_mode"),
        ({"num_oov_indices": -1}, "num_oov_indices"),
        ({"max_tokens": 1}, "max_tokens"),
        ({"invert": True, "output_mode": "one_hot"}, "output_mode"),
        ({"vocabulary": ["a", "a"]}, "vocabulary"),
        ({"vocabulary": ["a", "b", "c"], "max_tokens": 3}, "max_tokens"),
        ({"pad_to_max_tokens": True, "output_mode": "multi_hot"}, "max_tokens"),
        ({"idf_weights": [1.0], "vocabulary": ["a"]}, "idf_weights"),
        ({"vocabulary": ["a"], "output_mode": "tf_idf"}, "idf_weights"),
    ],
)
def test_argument_errors(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        L.StringLookup(**kwargs)


def test_no_oov_indices_rejects_unknown_values():
    layer = L.StringLookup(vocabulary=["a", "b"], num_oov_indices=0)
    np.testing.assert_array_equal(_np(layer(np.array(["b", "a"]))), [1, 0])
    with pytest.raises(Exception, match="num_oov_indices=0"):
        layer(np.array(["q"]))


def test_adapt_in_batches_and_integer_invert_dtype():
    layer = L.StringLookup()
    layer.adapt(np.array(["a", "b", "b", "c", "c", "c"]), batch_size=2)
    assert layer.get_vocabulary() == ["[UNK]", "c", "b", "a"]
    assert all(type(t) is str for t in layer.get_vocabulary())
    ints = L.IntegerLookup(vocabulary=[5, 6], vocabulary_dtype="int32", invert=True)
    out = ints(np.array([1, 2, 0]))
    np.testing.assert_array_equal(_np(out), [5, 6, -1])
    assert "int32" in str(out.dtype)


@pytest.mark.skipif(
    keras.config.backend() != "tensorflow",
    reason="sparse outputs are tf.SparseTensor: only the TensorFlow backend holds them",
)
def test_sparse_output_on_tensorflow():
    tf = tf_text.tf()
    layer = L.StringLookup(vocabulary=["a", "b"], output_mode="count", sparse=True)
    out = layer(np.array([["a", "q", "a"]]))
    assert isinstance(out, tf.SparseTensor)
    np.testing.assert_array_equal(tf.sparse.to_dense(out).numpy(), [[1, 2, 0]])
