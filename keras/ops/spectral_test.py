"""keras.ops spectral ops against NumPy references: values, dtypes, symbolic specs."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common import dtypes
from keras.ops import spectral
from keras.ops.spectral_reference import reference_istft
from keras.ops.spectral_reference import reference_stft
from keras.ops import testing


def stored(dtype):
    """The dtype the active backend stores a `dtype` array in (JAX: float64 -> float32
    unless jax_enable_x64 is on)."""
    array = np.zeros(1, dtype)
    return dtypes.standardize_dtype(ops.convert_to_tensor(array).dtype)


def pair(shape, dtype="float32", seed=0):
    return (
        testing.random_array(shape, dtype, seed=seed),
        testing.random_array(shape, dtype, seed=seed + 100),
    )


def complex_of(parts):
    return parts[0].astype("float64") + 1j * parts[1].astype("float64")


def assert_pair(result, expected, dtype, rtol=1e-5, atol=1e-5):
    assert isinstance(result, tuple) and len(result) == 2, type(result)
    testing.assert_close(result[0], expected.real.astype(dtype), rtol=rtol, atol=atol)
    testing.assert_close(result[1], expected.imag.astype(dtype), rtol=rtol, atol=atol)


def test_every_op_is_in_keras_ops():
    for name in spectral.__all__:
        assert getattr(ops, name) is getattr(spectral, name)


# fft, fft2, ifft2.

TRANSFORMS = {"fft": np.fft.fft, "fft2": np.fft.fft2, "ifft2": np.fft.ifft2}


@pytest.mark.parametrize(
    "name,shape",
    [("fft", (8,))]
    + [(name, shape) for name in sorted(TRANSFORMS) for shape in ((3, 5), (2, 3, 6))],
)
def test_transform_values(name, shape):
    x = pair(shape, seed=len(shape))
    assert_pair(getattr(ops, name)(x), TRANSFORMS[name](complex_of(x)), "float32")


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_transform_dtypes(name):
    x = pair((4, 6), "float64", seed=3)
    expected = TRANSFORMS[name](complex_of(x))
    result = getattr(ops, name)(x)
    assert_pair(result, expected, stored("float64"))
    # float16 is computed in float32 and given back as float16.
    half = tuple(p.astype("float16") for p in x)
    expected = TRANSFORMS[name](complex_of(half))
    assert_pair(getattr(ops, name)(half), expected, "float16", rtol=1e-2, atol=2e-2)
    # A list (real, imag) is taken like a tuple.
    assert_pair(
        getattr(ops, name)(list(x[:1]) + [x[1]]),
        TRANSFORMS[name](complex_of(x)),
        stored("float64"),
    )


def test_fft_mixed_part_dtypes_promote():
    real = testing.random_array((5,), "float32", seed=1)
    imag = testing.random_array((5,), "float16", seed=2)
    result = ops.fft((real, imag))
    assert_pair(result, np.fft.fft(complex_of((real, imag))), "float32", atol=1e-4)


def test_ifft2_inverts_fft2():
    x = pair((2, 4, 6), seed=4)
    back = ops.ifft2(ops.fft2(x))
    testing.assert_close(back[0], x[0], atol=1e-5)
    testing.assert_close(back[1], x[1], atol=1e-5)


# rfft and irfft.


@pytest.mark.parametrize("fft_length", [None, 5, 8, 13])
@pytest.mark.parametrize("shape", [(8,), (2, 3, 8)])
def test_rfft_values(shape, fft_length):
    x = testing.random_array(shape, seed=5)
    expected = np.fft.rfft(x.astype("float64"), n=fft_length)
    assert_pair(ops.rfft(x, fft_length=fft_length), expected, "float32")


def test_rfft_dtypes():
    ints = np.arange(-3, 5, dtype="int32")
    assert_pair(ops.rfft(ints), np.fft.rfft(ints.astype("float64")), "float32")
    bools = np.array([True, False, True, True])
    assert_pair(ops.rfft(bools), np.fft.rfft(bools.astype("float64")), "float32")
    x64 = testing.random_array((3, 7), "float64", seed=6)
    assert_pair(ops.rfft(x64), np.fft.rfft(x64), stored("float64"))
    half = testing.random_array((7,), "float16", seed=7)
    expected = np.fft.rfft(half.astype("float64"))
    assert_pair(ops.rfft(half), expected, "float16", rtol=1e-2, atol=2e-2)


@pytest.mark.parametrize("fft_length", [None, 6, 7, 20])
@pytest.mark.parametrize("shape", [(5,), (2, 3, 5)])
def test_irfft_values(shape, fft_length):
    # Random spectra, imaginary parts of the DC (and Nyquist) bins included: like
    # NumPy, irfft takes the Hermitian signal they stand for and ignores those parts.
    x = pair(shape, seed=8)
    expected = np.fft.irfft(complex_of(x), n=fft_length)
    testing.assert_close(
        ops.irfft(x, fft_length=fft_length), expected.astype("float32"), atol=1e-5
    )


def test_irfft_dtypes_and_inverse():
    x64 = pair((3, 4), "float64", seed=9)
    expected = np.fft.irfft(complex_of(x64))
    testing.assert_close(ops.irfft(x64), expected.astype(stored("float64")), atol=1e-5)
    signal = testing.random_array((2, 9), seed=10)
    back = ops.irfft(ops.rfft(signal), fft_length=9)
    testing.assert_close(back, signal, atol=1e-5)


# stft and istft, against keras/ops/spectral_reference.py.

STFT_SETTINGS = [
    # (sequence_length, sequence_stride, fft_length, window, center)
    (16, 8, 16, "hann", True),
    (16, 8, 32, "hann", True),
    (15, 4, 20, "hann", False),
    (16, 4, 20, "hamming", True),
    (15, 5, 22, None, True),
    (12, 3, 16, None, False),
    (10, 3, 13, "tensor", True),
]


def window_argument(window, sequence_length):
    if window == "tensor":
        return testing.random_array((sequence_length,), seed=11, low=0.2, high=1.0)
    return window


@pytest.mark.parametrize("setting", STFT_SETTINGS)
@pytest.mark.parametrize("shape", [(100,), (2, 3, 64)])
def test_stft_values(setting, shape):
    sequence_length, stride, fft_length, window, center = setting
    window = window_argument(window, sequence_length)
    x = testing.random_array(shape, seed=12)
    result = ops.stft(
        x, sequence_length, stride, fft_length, window=window, center=center
    )
    expected = reference_stft(x, sequence_length, stride, fft_length, window, center)
    assert_pair(result, expected, "float32", atol=2e-5)


def test_stft_defaults_are_a_centred_hann_window():
    x = testing.random_array((2, 50), seed=13)
    expected = reference_stft(x, 12, 4, 16, "hann", True)
    assert_pair(ops.stft(x, 12, 4, 16), expected, "float32", atol=2e-5)


def test_stft_dtypes():
    x64 = testing.random_array((40,), "float64", seed=14)
    expected = reference_stft(x64, 8, 4, 8, "hann", True)
    assert_pair(ops.stft(x64, 8, 4, 8), expected, stored("float64"))
    ints = testing.random_array((40,), "int32", seed=15, low=-5, high=5)
    expected = reference_stft(ints, 8, 4, 8, "hann", True)
    assert_pair(ops.stft(ints, 8, 4, 8), expected, "float32", atol=2e-5)
    half = testing.random_array((40,), "float16", seed=16)
    expected = reference_stft(half, 8, 4, 8, "hann", True)
    assert_pair(ops.stft(half, 8, 4, 8), expected, "float16", rtol=1e-2, atol=2e-2)


@pytest.mark.parametrize("setting", STFT_SETTINGS)
@pytest.mark.parametrize("length", [None, 50, 71, 90])
def test_istft_values(setting, length):
    # Random spectra (not the stft of a signal): the whole overlap-add is checked.
    sequence_length, stride, fft_length, window, center = setting
    window = window_argument(window, sequence_length)
    x = pair((2, 17, fft_length // 2 + 1), seed=17)
    result = ops.istft(
        x,
        sequence_length,
        stride,
        fft_length,
        length=length,
        window=window,
        center=center,
    )
    expected = reference_istft(
        complex_of(x), sequence_length, stride, fft_length, length, window, center
    )
    testing.assert_close(result, expected.astype("float32"), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("setting", STFT_SETTINGS)
def test_istft_inverts_stft(setting):
    sequence_length, stride, fft_length, window, center = setting
    window = window_argument(window, sequence_length)
    x = testing.random_array((2, 90), seed=18)
    spectrum = ops.stft(x, sequence_length, stride, fft_length, window, center)
    back = testing.to_numpy(
        ops.istft(spectrum, sequence_length, stride, fft_length, 90, window, center)
    )
    # Without centring, the samples before the first window's support (and after the
    # last frame) are not covered; the interior is.
    inner = slice(fft_length, 90 - fft_length) if not center else slice(0, 90)
    np.testing.assert_allclose(back[:, inner], x[:, inner], rtol=1e-4, atol=1e-4)
    assert back.shape == (2, 90)


def test_istft_dtypes():
    x64 = pair((6, 5), "float64", seed=19)
    expected = reference_istft(complex_of(x64), 8, 2, 8, None, "hann", True)
    testing.assert_close(
        ops.istft(x64, 8, 2, 8), expected.astype(stored("float64")), atol=1e-5
    )
    half = tuple(p.astype("float16") for p in x64)
    expected = reference_istft(complex_of(half), 8, 2, 8, None, "hann", True)
    result = ops.istft(half, 8, 2, 8)
    testing.assert_close(result, expected.astype("float16"), rtol=1e-2, atol=2e-2)


# view_as_complex and view_as_real.


def test_view_as_complex_and_back():
    x = testing.random_array((3, 4, 2), seed=20)
    z = ops.view_as_complex(x)
    testing.assert_close(z, (x[..., 0] + 1j * x[..., 1]).astype("complex64"))
    testing.assert_close(ops.view_as_real(z), x)
    # As in Keras 3, every real dtype gives complex64.
    for dtype in ("float64", "int32", "float16"):
        values = testing.random_array((5, 2), dtype, seed=21)
        expected = (values[:, 0].astype("float64") + 1j * values[:, 1]).astype(
            "complex64"
        )
        testing.assert_close(ops.view_as_complex(values), expected)


def test_view_as_real_dtypes():
    z = testing.random_array((2, 3), seed=22) + 1j * testing.random_array(
        (2, 3), seed=23
    )
    expected = np.stack([z.real, z.imag], axis=-1)
    testing.assert_close(
        ops.view_as_real(z.astype("complex64")), expected.astype("float32")
    )
    wide = ops.convert_to_tensor(z.astype("complex128"))
    wide_real = {"complex128": "float64", "complex64": "float32"}[
        dtypes.standardize_dtype(wide.dtype)
    ]
    testing.assert_close(ops.view_as_real(wide), expected.astype(wide_real))
    # Real tensors have zero imaginary parts; ints become floatx.
    real = testing.random_array((4,), "float16", seed=24)
    testing.assert_close(ops.view_as_real(real), np.stack([real, 0 * real], -1))
    ints = np.arange(3, dtype="int32")
    expected = np.stack([ints, 0 * ints], -1).astype("float32")
    testing.assert_close(ops.view_as_real(ints), expected)


# Symbolic specs.


def test_symbolic_specs():
    s = testing.symbolic
    for name in ("fft", "fft2", "ifft2"):
        real, imag = getattr(ops, name)((s((None, 4, 8)), s((None, 4, 8))))
        testing.assert_spec(real, (None, 4, 8), "float32")
        testing.assert_spec(imag, (None, 4, 8), "float32")
    real, _ = ops.fft((s((3, None), "float64"), s((3, 7), "float64")))
    testing.assert_spec(real, (3, 7), "float64")
    real, imag = ops.rfft(s((None, 8)))
    testing.assert_spec(real, (None, 5), "float32")
    testing.assert_spec(imag, (None, 5), "float32")
    testing.assert_spec(
        ops.rfft(s((2, 8), "int32"), fft_length=5)[0], (2, 3), "float32"
    )
    testing.assert_spec(ops.rfft(s((2, None), "float16"))[0], (2, None), "float16")
    testing.assert_spec(ops.irfft((s((None, 8)), s((None, 8)))), (None, 14), "float32")
    testing.assert_spec(ops.irfft((s((2, None)), s((2, None)))), (2, None), "float32")
    testing.assert_spec(ops.irfft((s((2, None)), s((2, None))), 6), (2, 6), "float32")
    real, imag = ops.stft(s((None, 100)), 16, 8, 32)
    testing.assert_spec(real, (None, 13, 17), "float32")
    testing.assert_spec(imag, (None, 13, 17), "float32")
    real, _ = ops.stft(
        s((2, 3, 100), "int32"), 16, 4, 20, window="hamming", center=False
    )
    testing.assert_spec(real, (2, 3, 21, 11), "float32")
    real, _ = ops.stft(s((2, None)), 16, 4, 16, window=s((16,)))
    testing.assert_spec(real, (2, None, 9), "float32")
    spectrum = (s((None, 13, 17)), s((None, 13, 17)))
    testing.assert_spec(ops.istft(spectrum, 16, 8, 32), (None, 96), "float32")
    testing.assert_spec(
        ops.istft(spectrum, 16, 8, 32, length=50), (None, 50), "float32"
    )
    testing.assert_spec(
        ops.istft(spectrum, 16, 8, 32, center=False), (None, 128), "float32"
    )
    unknown = (s((2, None, 17)), s((2, None, 17)))
    testing.assert_spec(ops.istft(unknown, 16, 8, 32), (2, None), "float32")
    testing.assert_spec(ops.view_as_complex(s((None, 3, 2))), (None, 3), "complex64")
    testing.assert_spec(ops.view_as_complex(s((4, 2), "float64")), (4,), "complex64")
    testing.assert_spec(
        ops.view_as_real(s((None, 3), "complex64")), (None, 3, 2), "float32"
    )
    testing.assert_spec(ops.view_as_real(s((3,), "complex128")), (3, 2), "float64")
    testing.assert_spec(ops.view_as_real(s((3,), "int32")), (3, 2), "float32")


def test_symbolic_matches_eager_shapes():
    x = testing.random_array((2, 77), seed=25)
    for center in (True, False):
        eager = ops.stft(x, 14, 5, 18, center=center)
        spec = ops.stft(testing.symbolic((2, 77)), 14, 5, 18, center=center)
        assert tuple(eager[0].shape) == spec[0].shape
        back = ops.istft(eager, 14, 5, 18, center=center)
        back_spec = ops.istft(spec, 14, 5, 18, center=center)
        assert tuple(back.shape) == back_spec.shape


# Argument errors.


def test_argument_errors():
    x = testing.random_array((2, 8), seed=26)
    s = testing.symbolic
    for bad in (x, (x,), (x, x, x)):
        with pytest.raises(ValueError, match="tuple \\(real, imag\\)"):
            ops.fft(bad)
    with pytest.raises(ValueError, match="same shape"):
        ops.fft((x, x[:, :4]))
    with pytest.raises(ValueError, match="same shape"):
        ops.fft((s((2, 8)), s((2, 4))))
    ints = np.ones((2, 8), "int32")
    for op in (ops.fft, ops.fft2, ops.ifft2, ops.irfft):
        with pytest.raises(ValueError, match="floating"):
            op((ints, ints))
    with pytest.raises(ValueError, match="floating"):
        ops.istft((s((3, 5), "int32"), s((3, 5), "int32")), 8, 4, 8)
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.fft2((x[0], x[0]))
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.ifft2((s((8,)), s((8,))))
    with pytest.raises(ValueError, match="rank >= 1"):
        ops.rfft(np.float32(1.0))
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.istft((x[0], x[0]), 8, 4, 14)
    with pytest.raises(TypeError, match="real tensor"):
        ops.rfft(np.ones(4, "complex64"))
    with pytest.raises(ValueError, match="fft_length"):
        ops.rfft(x, fft_length=0)
    with pytest.raises(ValueError, match="fft_length"):
        ops.irfft((x, x), fft_length=-2)


def test_short_time_argument_errors():
    x = testing.random_array((2, 40), seed=27)
    for op, args in ((ops.stft, (x,)), (ops.istft, (pair((3, 9)),))):
        with pytest.raises(ValueError, match="`window`"):
            op(*args, 16, 4, 16, window="bogus")
        with pytest.raises(ValueError, match="shape \\(16,\\)"):
            op(*args, 16, 4, 16, window=np.ones(15, "float32"))
        with pytest.raises(ValueError, match="fft_length` >= `sequence_length"):
            op(*args, 16, 4, 8)
        with pytest.raises(ValueError, match="sequence_stride"):
            op(*args, 16, 0, 16)
        with pytest.raises(ValueError, match="sequence_length"):
            op(*args, 0, 4, 16)
    with pytest.raises(ValueError, match="sequence_stride"):
        ops.stft(testing.symbolic((2, 40)), 16, 1.5, 16)
    with pytest.raises(ValueError, match="longer than 16"):
        ops.stft(x[:, :16], 16, 4, 32)
    with pytest.raises(ValueError, match="at least `fft_length`=32"):
        ops.stft(x[:, :20], 16, 4, 32, center=False)
    with pytest.raises(ValueError, match="at least `fft_length`=32"):
        ops.stft(testing.symbolic((2, 20)), 16, 4, 32, center=False)
    with pytest.raises(ValueError, match="length"):
        ops.istft(pair((3, 9)), 16, 4, 16, length=0)


def test_view_errors():
    with pytest.raises(ValueError, match="last axis has size 2"):
        ops.view_as_complex(np.ones((3, 3), "float32"))
    with pytest.raises(ValueError, match="last axis has size 2"):
        ops.view_as_complex(np.float32(1.0))
    with pytest.raises(ValueError, match="last axis has size 2"):
        ops.view_as_complex(testing.symbolic((None, 3)))
    with pytest.raises(TypeError, match="real tensor"):
        ops.view_as_complex(np.ones((3, 2), "complex64"))
