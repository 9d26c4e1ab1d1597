"""Identity: returns its inputs unchanged (a placeholder layer)."""

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer


class Identity(Layer):
    """A layer that returns its inputs (any structure of tensors) as they are.

    Useful as a placeholder, e.g. to switch a block of a model off. Masks pass
    through.

    >>> keras.layers.Identity()(np.ones((2, 3))).shape
    (2, 3)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, inputs):
        # New tensors (of the same shape and dtype) so that the output is a distinct
        # node of a functional graph, not the input itself.
        return tree.map_structure(
            lambda x: KerasTensor(x.shape, dtype=x.dtype, sparse=x.sparse), inputs
        )
