"""pad_sequences against an explicit NumPy loop."""

import numpy as np
import pytest

from keras import utils


def reference_pad(sequences, maxlen, padding, truncating, value, dtype):
    maxlen = max(len(s) for s in sequences) if maxlen is None else maxlen
    out = np.full((len(sequences), maxlen), value, dtype=dtype)
    for row, sequence in enumerate(sequences):
        kept = list(sequence)
        if len(kept) > maxlen:
            kept = kept[len(kept) - maxlen :] if truncating == "pre" else kept[:maxlen]
        for i, item in enumerate(kept):
            column = i if padding == "post" else maxlen - len(kept) + i
            out[row, column] = item
    return out


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 3])
def test_matches_reference(padding, truncating, maxlen):
    rng = np.random.default_rng(0)
    sequences = [list(rng.integers(1, 50, size=n)) for n in (5, 1, 0, 3, 2)]
    got = utils.pad_sequences(
        sequences, maxlen=maxlen, padding=padding, truncating=truncating, value=-1
    )
    want = reference_pad(sequences, maxlen, padding, truncating, -1, "int32")
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, want)


def test_float_items_with_inner_shape():
    rng = np.random.default_rng(1)
    sequences = [rng.normal(size=(n, 2)).astype("float32") for n in (1, 3)]
    got = utils.pad_sequences(sequences, dtype="float32", padding="post")
    assert got.shape == (2, 3, 2)
    np.testing.assert_allclose(got[0, :1], sequences[0])
    np.testing.assert_array_equal(got[0, 1:], 0.0)
    np.testing.assert_allclose(got[1], sequences[1])


def test_string_sequences_need_an_object_dtype():
    got = utils.pad_sequences([["a", "b"], ["c"]], dtype=object, value="<pad>")
    assert got.tolist() == [["a", "b"], ["<pad>", "c"]]
    with pytest.raises(ValueError, match="dtype"):
        utils.pad_sequences([["a"]], value="<pad>")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"padding": "middle"}, "padding"),
        ({"truncating": "both"}, "truncating"),
        ({"maxlen": -2}, "maxlen"),
    ],
)
def test_bad_arguments_name_themselves(kwargs, match):
    with pytest.raises(ValueError, match=match):
        utils.pad_sequences([[1, 2]], **kwargs)


def test_non_sequences_are_rejected():
    with pytest.raises(ValueError, match="sequences"):
        utils.pad_sequences([[1], 5])
