"""Agreement cases (keras/ops/agreement.py) for the ops of this group.

float64 is left out: on JAX without x64 the eager tensors are float32 while a float64
KerasTensor stays float64 (as in Keras 3); keras/ops/spectral_test.py checks float64.
"""

from keras.ops.agreement import Case
from keras.ops.agreement import T


def _pair(shape, dtype="float32"):
    return (T(shape, dtype), T(shape, dtype))


CASES = {
    "fft": [
        Case(_pair((8,))),
        Case(_pair((2, 3, 5))),
        Case(_pair((4, 6), "float16")),
    ],
    "fft2": [
        Case(_pair((3, 4))),
        Case(_pair((2, 5, 6), "bfloat16")),
    ],
    "ifft2": [
        Case(_pair((4, 4))),
        Case(_pair((2, 3, 5))),
    ],
    "rfft": [
        Case(T((8,))),
        Case(T((2, 3, 9)), fft_length=6),
        Case(T((4, 7), "int32"), fft_length=12),
        Case(T((5,), "float16")),
    ],
    "irfft": [
        Case(_pair((5,))),
        Case(_pair((2, 3, 6)), fft_length=7),
        Case(_pair((4, 4), "float16"), fft_length=10),
    ],
    "stft": [
        Case(T((100,)), 16, 8, 32),
        Case(T((2, 3, 64)), 15, 4, 20, window="hamming", center=False),
        Case(T((2, 50), "int32"), 12, 5, 16, window=None),
        Case(T((40,)), 8, 3, 8, window=T((8,), low=0.1, high=1.0)),
    ],
    "istft": [
        Case(_pair((13, 17)), 16, 8, 32),
        Case(_pair((2, 9, 11)), 15, 4, 20, window="hamming", center=False),
        Case(_pair((2, 9, 9)), 12, 5, 16, length=50, window=None),
        Case(_pair((3, 7, 5)), 8, 3, 8, length=30, center=False),
    ],
    "view_as_complex": [
        Case(T((3, 2))),
        Case(T((2, 4, 2), "int32")),
    ],
    "view_as_real": [
        Case(T((3,), "complex64")),
        Case(T((2, 4), "float16")),
        Case(T((5,), "int32")),
    ],
}

# op name -> {backend: reason} where that backend's symbolic and eager results differ.
EXCEPTIONS = {}
