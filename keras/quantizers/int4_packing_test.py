"""pack_int4 / unpack_int4: Keras 3's nibble layout, round trips, errors."""

import numpy as np
import pytest

from keras import quantizers
from keras.ops import testing

VALUES = np.array([[-8, -1, 0], [7, 3, -5], [1, 2, -3]], "int8")


def reference_pack(x, axis, signed=True):
    """Element 2i in the low nibble of byte i, element 2i + 1 in the high nibble."""
    x = np.moveaxis(x.astype("int32"), axis, 0)
    if x.shape[0] % 2:
        x = np.concatenate([x, np.zeros_like(x[:1])], axis=0)
    byte = (x[0::2] & 15) | ((x[1::2] & 15) << 4)
    byte = byte.astype("uint8")
    return np.moveaxis(byte.view("int8") if signed else byte, 0, axis)


def test_known_bytes():
    packed, shape, length = quantizers.pack_int4(VALUES, axis=0)
    # 0x78 = 120: -8 (0x8) low, 7 high; 0x3F: -1 low, 3 high; 0xB0 = -80: 0 low, -5 high.
    np.testing.assert_array_equal(testing.to_numpy(packed), [[120, 63, -80], [1, 2, 13]])
    assert testing.to_numpy(packed).dtype == np.int8
    assert shape == (2, 3) and length == 3
    packed, shape, length = quantizers.pack_int4(VALUES, axis=1)
    np.testing.assert_array_equal(testing.to_numpy(packed), [[-8, 0], [55, 11], [33, 13]])
    assert shape == (3, 2) and length == 3


@pytest.mark.parametrize("shape,axis", [((5, 4), 0), ((4, 7), 1), ((3, 2, 5), -1), ((6,), 0)])
def test_round_trip_signed(shape, axis):
    x = testing.rng(4).integers(-8, 8, size=shape).astype("int8")
    packed, _, length = quantizers.pack_int4(x, axis=axis)
    np.testing.assert_array_equal(testing.to_numpy(packed), reference_pack(x, axis))
    restored = quantizers.unpack_int4(packed, length, axis=axis)
    assert testing.to_numpy(restored).dtype == np.int8
    np.testing.assert_array_equal(testing.to_numpy(restored), x)


def test_round_trip_unsigned():
    x = testing.rng(5).integers(0, 16, size=(5, 3)).astype("uint8")
    packed, _, length = quantizers.pack_int4(x, dtype="uint8")
    assert testing.to_numpy(packed).dtype == np.uint8
    np.testing.assert_array_equal(testing.to_numpy(packed), reference_pack(x, 0, signed=False))
    restored = quantizers.unpack_int4(packed, length, dtype="uint8")
    np.testing.assert_array_equal(testing.to_numpy(restored), x)


def test_unpack_signed_bytes_as_unsigned_nibbles():
    packed, _, _ = quantizers.pack_int4(VALUES)
    restored = quantizers.unpack_int4(packed, 3, dtype="uint8")
    np.testing.assert_array_equal(testing.to_numpy(restored), VALUES.astype("int32") & 15)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="'int8' or 'uint8'"):
        quantizers.pack_int4(VALUES, dtype="int16")
    with pytest.raises(TypeError, match="Expected int8 tensor for packing, got int32"):
        quantizers.pack_int4(VALUES.astype("int32"))
    with pytest.raises(TypeError, match="Expected uint8 tensor for packing, got int8"):
        quantizers.pack_int4(VALUES, dtype="uint8")
    with pytest.raises(TypeError, match="int8 or uint8 tensor for unpacking, got int32"):
        quantizers.unpack_int4(VALUES.astype("int32"), 3)
    with pytest.raises(ValueError, match="out of bounds"):
        quantizers.pack_int4(VALUES, axis=2)
