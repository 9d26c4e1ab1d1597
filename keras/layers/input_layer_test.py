"""InputLayer and keras.Input: shapes, batch sizes and clear argument errors."""

import numpy as np
import pytest

from keras.layers.input_layer import InputLayer


@pytest.mark.parametrize(
    "kwargs, batch_shape",
    [
        ({"shape": (3,)}, (None, 3)),
        ({"shape": 5}, (None, 5)),
        ({"shape": [2, None], "batch_size": 4}, (4, 2, None)),
        ({"shape": (np.int64(2), 0)}, (None, 2, 0)),
        ({"batch_shape": (8, 3)}, (8, 3)),
    ],
)
def test_batch_shape(kwargs, batch_shape):
    layer = InputLayer(**kwargs)
    assert layer.batch_shape == batch_shape
    assert all(d is None or type(d) is int for d in layer.batch_shape)
    assert tuple(layer.output.shape) == batch_shape


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        # Was "invalid literal for int() with base 10: 'a'".
        ({"shape": ("a",)}, r"`shape` must hold non-negative ints.*\('a',\).*'a'"),
        ({"shape": (3, -1)}, r"`shape`.*\(3, -1\).*entry -1"),
        ({"shape": (2.5,)}, r"`shape`.*entry 2\.5"),
        ({"shape": (True,)}, r"`shape`.*entry True"),
        ({"shape": "ab"}, r"`shape` must be a tuple.*'ab'"),
        ({"shape": (3,), "batch_size": "8"}, r"`batch_size`.*'8'"),
        ({"batch_shape": (None, "x")}, r"`batch_shape`.*entry 'x'"),
        ({"batch_shape": 3.0}, r"`batch_shape` must be a tuple.*3\.0"),
    ],
)
def test_invalid_shapes_name_the_argument(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        InputLayer(**kwargs)
