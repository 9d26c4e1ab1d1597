"""PReLU: the leaky ReLU whose negative slopes are learned."""

from keras import activations
from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers import input_spec as input_spec_lib
from keras.layers.layer import Layer


class PReLU(Layer):
    """Parametric rectified linear unit: `f(x) = x` for `x >= 0`, `alpha * x`
    otherwise, with `alpha` a learned weight of the shape of one sample.

    Args:
        alpha_initializer: initializer of `alpha`.
        alpha_regularizer: regularizer of `alpha`.
        alpha_constraint: constraint of `alpha`.
        shared_axes: axes (counted with the batch axis as 0) along which `alpha` is
            shared: e.g. `[1, 2]` for images `(batch, height, width, channels)` gives
            one slope per channel.
        **kwargs: base layer arguments (`name`, `dtype`...).

    >>> layer = keras.layers.PReLU(alpha_initializer=keras.initializers.Constant(0.5))
    >>> layer(np.array([[-2.0, 3.0]]))
    array([[-1.,  3.]], dtype=float32)
    """

    def __init__(
        self,
        alpha_initializer="Zeros",
        alpha_regularizer=None,
        alpha_constraint=None,
        shared_axes=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]
        for axis in self.shared_axes or []:
            if isinstance(axis, bool) or not isinstance(axis, int) or axis == 0:
                raise ValueError(
                    "PReLU: `shared_axes` must hold non-batch axes (integers other "
                    f"than 0); received shared_axes={shared_axes!r}."
                )

    def _shared(self, ndim):
        shared = set()
        for axis in self.shared_axes or []:
            normalized = axis + ndim if axis < 0 else axis
            if not 1 <= normalized < ndim:
                raise ValueError(
                    f"Layer '{self.name}': shared axis {axis} is out of range for "
                    f"inputs of rank {ndim} (expected 1 to {ndim - 1}, or negative)."
                )
            shared.add(normalized)
        return shared

    def build(self, input_shape):
        ndim = len(input_shape)
        shared = self._shared(ndim)
        param_shape = tuple(
            1 if axis in shared else input_shape[axis] for axis in range(1, ndim)
        )
        if any(size is None for size in param_shape):
            raise ValueError(
                f"Layer '{self.name}': the non-shared axes of the inputs must be "
                f"defined to build `alpha`; received input_shape={tuple(input_shape)}. "
                "Share the undefined axes with `shared_axes`."
            )
        self.alpha = self.add_weight(
            name="alpha",
            shape=param_shape,
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )
        axes = {
            axis: input_shape[axis] for axis in range(1, ndim) if axis not in shared
        }
        self.input_spec = input_spec_lib.InputSpec(ndim=ndim, axes=axes)
        self.built = True

    def call(self, inputs):
        positive = activations.relu(inputs)
        negative = ops.multiply(
            ops.negative(self.alpha), activations.relu(ops.negative(inputs))
        )
        return ops.add(positive, negative)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
                "alpha_constraint": constraints.serialize(self.alpha_constraint),
                "shared_axes": self.shared_axes,
            }
        )
        return config
