"""Gradients of the keras.ops spectral ops against finite differences of NumPy.

Each op's (real, imag) outputs are summed with fixed random weights, so that the
gradient sees both parts and no symmetric cancellation hides an error. Complex inputs
are stacked as one array `x` of shape (2, ...): `x[0]` real, `x[1]` imaginary.
"""

import numpy as np
import pytest

from keras import ops
from keras.ops import testing
from keras.ops.spectral_reference import reference_istft
from keras.ops.spectral_reference import reference_stft

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)


def weights(shape, seed):
    return testing.random_array(shape, seed=seed, low=-1.0, high=1.0)


def weighted(parts, seed):
    """sum(w_r * real + w_i * imag) with fixed weights, as a backend tensor function."""
    real, imag = parts
    w_real = weights(tuple(real.shape), seed)
    w_imag = weights(tuple(imag.shape), seed + 1)
    return ops.add(ops.multiply(real, w_real), ops.multiply(imag, w_imag))


def weighted_reference(z, seed):
    shape = z.shape
    return z.real * weights(shape, seed) + z.imag * weights(shape, seed + 1)


def assert_gradient(function, reference, x):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x),
        rtol=1e-2,
        atol=1e-3,
    )


@pytest.mark.parametrize(
    "name,reference,shape",
    [
        ("fft", np.fft.fft, (3, 6)),
        ("fft2", np.fft.fft2, (3, 4)),
        ("ifft2", np.fft.ifft2, (2, 3, 4)),
    ],
)
def test_complex_transforms(name, reference, shape):
    x = testing.random_array((2,) + shape, seed=1)
    assert_gradient(
        lambda v: weighted(getattr(ops, name)((v[0], v[1])), seed=2),
        lambda a: weighted_reference(reference(a[0] + 1j * a[1]), seed=2),
        x,
    )


@pytest.mark.parametrize("fft_length", [None, 5, 12])
def test_rfft(fft_length):
    x = testing.random_array((2, 8), seed=3)
    assert_gradient(
        lambda v: weighted(ops.rfft(v, fft_length=fft_length), seed=4),
        lambda a: weighted_reference(np.fft.rfft(a, n=fft_length), seed=4),
        x,
    )


@pytest.mark.parametrize("fft_length", [None, 7, 10])
def test_irfft(fft_length):
    # The imaginary parts of the DC (and, for even lengths, Nyquist) bins do not
    # change the result: their gradient is 0, as the finite differences say.
    x = testing.random_array((2, 3, 5), seed=5)
    n = fft_length or 8
    w = weights((3, n), seed=6)
    assert_gradient(
        lambda v: ops.multiply(ops.irfft((v[0], v[1]), fft_length=fft_length), w),
        lambda a: np.fft.irfft(a[0] + 1j * a[1], n=fft_length) * w,
        x,
    )


STFT_SETTINGS = [
    # (sequence_length, sequence_stride, fft_length, window, center)
    (8, 4, 8, "hann", True),
    (6, 3, 9, "hamming", False),
    (7, 2, 8, None, True),
]


@pytest.mark.parametrize("setting", STFT_SETTINGS)
def test_stft(setting):
    length, stride, fft_length, window, center = setting
    x = testing.random_array((2, 24), seed=7)
    assert_gradient(
        lambda v: weighted(ops.stft(v, length, stride, fft_length, window, center), 8),
        lambda a: weighted_reference(
            reference_stft(a, length, stride, fft_length, window, center), 8
        ),
        x,
    )


def test_stft_window_tensor_gradient_wrt_signal():
    window = testing.random_array((6,), seed=9, low=0.2, high=1.0)
    x = testing.random_array((20,), seed=10)
    assert_gradient(
        lambda v: weighted(ops.stft(v, 6, 3, 8, window=window), 11),
        lambda a: weighted_reference(reference_stft(a, 6, 3, 8, window, True), 11),
        x,
    )


@pytest.mark.parametrize("setting", STFT_SETTINGS)
def test_istft(setting):
    length, stride, fft_length, window, center = setting
    x = testing.random_array((2, 5, fft_length // 2 + 1), seed=12)
    out = reference_istft(
        x[0] + 1j * x[1], length, stride, fft_length, None, window, center
    )
    w = weights(out.shape, seed=13)
    assert_gradient(
        lambda v: ops.multiply(
            ops.istft((v[0], v[1]), length, stride, fft_length, None, window, center), w
        ),
        lambda a: (
            w
            * reference_istft(
                a[0] + 1j * a[1], length, stride, fft_length, None, window, center
            )
        ),
        x,
    )


def test_view_as_complex_then_real():
    x = testing.random_array((3, 2), seed=14)
    w = weights((3, 2), seed=15)
    assert_gradient(
        lambda v: ops.multiply(ops.view_as_real(ops.view_as_complex(v)), w),
        lambda a: a * w,
        x,
    )
