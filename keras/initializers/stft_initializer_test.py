"""STFT: a frame convolved with the kernel equals NumPy's rfft of the windowed frame."""

import numpy as np
import pytest
from scipy import signal

from keras import initializers
from keras.ops import testing


def frame_transform(frame, shape, **kwargs):
    """The (F,) output of the kernel applied to one frame of the signal, in float64."""
    real = testing.to_numpy(initializers.STFT(side="real", **kwargs)(shape))
    imag = testing.to_numpy(initializers.STFT(side="imag", **kwargs)(shape))
    return frame @ real[:, 0, :] + 1j * (frame @ imag[:, 0, :])


@pytest.mark.parametrize("frame_length, fft_length", [(16, 16), (12, 16), (8, 10)])
@pytest.mark.parametrize("window", ["hann", "hamming", None])
@pytest.mark.parametrize("periodic", [False, True])
def test_matches_numpy_rfft(frame_length, fft_length, window, periodic):
    shape = (frame_length, 1, fft_length // 2 + 1)
    frame = testing.random_array((frame_length,), "float64", seed=frame_length)
    result = frame_transform(
        frame, shape, window=window, scaling=None, periodic=periodic
    )
    w = 1.0 if window is None else signal.get_window(window, frame_length, periodic)
    expected = np.fft.rfft(frame * w, n=fft_length)
    np.testing.assert_allclose(result, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "scaling, norm",
    [("density", lambda w: np.sqrt(np.sum(w**2))), ("spectrum", np.sum)],
)
def test_scaling(scaling, norm):
    shape = (16, 1, 9)
    frame = testing.random_array((16,), "float64", seed=3)
    result = frame_transform(frame, shape, window="hann", scaling=scaling)
    w = signal.get_window("hann", 16, fftbins=False)
    expected = np.fft.rfft(frame * w / norm(w))
    np.testing.assert_allclose(result, expected, rtol=1e-4, atol=1e-5)


def test_window_as_values():
    w = testing.random_array((8,), "float64", seed=4, low=0.0, high=1.0)
    shape = (8, 1, 5)
    frame = testing.random_array((8,), "float64", seed=5)
    result = frame_transform(frame, shape, window=w.tolist(), scaling=None)
    np.testing.assert_allclose(result, np.fft.rfft(frame * w), rtol=1e-4, atol=1e-5)
    config = initializers.STFT(window=w).get_config()
    np.testing.assert_allclose(config["window"], w)


def test_shape_dtype_and_channels():
    result = initializers.STFT()((8, 3, 5))
    values = testing.to_numpy(result)
    assert values.shape == (8, 3, 5) and values.dtype == np.float32
    np.testing.assert_array_equal(values[:, 0], values[:, 2])


def test_errors():
    with pytest.raises(ValueError, match=r"`side` must be one of.*'both'"):
        initializers.STFT(side="both")
    with pytest.raises(ValueError, match=r"`scaling` must be one of.*'l2'"):
        initializers.STFT(scaling="l2")
    with pytest.raises(ValueError, match=r"Conv1D kernel shape.*\(8, 5\)"):
        initializers.STFT()((8, 5))
    with pytest.raises(ValueError, match=r"per frame step, 8; got shape \(3,\)"):
        initializers.STFT(window=[1.0, 1.0, 1.0])((8, 1, 5))
    with pytest.raises(ValueError, match="floating point"):
        initializers.STFT()((8, 1, 5), "int32")


def test_config_round_trip_and_aliases():
    initializer = initializers.STFT("imag", "hamming", "spectrum", periodic=True)
    config = initializer.get_config()
    assert config == {
        "side": "imag", "window": "hamming", "scaling": "spectrum", "periodic": True
    }
    restored = initializers.STFT.from_config(config)
    np.testing.assert_array_equal(
        testing.to_numpy(restored((8, 1, 5))), testing.to_numpy(initializer((8, 1, 5)))
    )
    assert initializers.STFTInitializer is initializers.STFT
    assert initializers.stft is initializers.STFT
