"""Permute: reorders the non-batch axes."""

from keras import ops
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer


class Permute(Layer):
    """Permutes the axes of each sample, e.g. to swap steps and features.

    Args:
        dims: a permutation of `1, ..., rank - 1` (axes counted from 1: the batch axis
            0 stays first). Output axis `i` is input axis `dims[i - 1]`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.Permute((2, 1))(keras.ops.zeros((4, 10, 64))).shape
    (4, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(dims, (tuple, list)) or sorted(dims) != list(
            range(1, len(dims) + 1)
        ):
            raise ValueError(
                "Permute: `dims` must be a permutation of the axes 1, ..., n (the "
                f"batch axis 0 is not included); got dims={dims!r}."
            )
        self.dims = tuple(int(d) for d in dims)
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return ops.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        config = super().get_config()
        config["dims"] = self.dims
        return config
