"""keras.ops: Fourier transforms (fft, fft2, ifft2, rfft, irfft), short-time transforms
(stft, istft) and complex views (view_as_complex, view_as_real).
"""

from keras.backends import active
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = []
