"""LayerNormalization: normalizes each sample over the given axes."""

import warnings

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers.layer import Layer
from keras.layers.normalization import normalization_utils as utils


class LayerNormalization(Layer):
    """Normalizes each sample to mean 0 and variance 1 over `axis`, then applies the
    learned `gamma` (scale) and `beta` (offset), of the shape of those axes.

    Args:
        axis: an int or a list of ints, the normalized axes.
        epsilon: small float added to the variance.
        center: whether to add `beta`.
        scale: whether to multiply by `gamma`.
        beta_initializer, gamma_initializer: their initializers.
        beta_regularizer, gamma_regularizer: their regularizers.
        beta_constraint, gamma_constraint: their constraints.
        **kwargs: base layer arguments; `rms_scaling=True` (deprecated, as in Keras 3)
            divides the uncentered inputs by their standard deviation and multiplies
            by `gamma`, with no `beta`. Use `RMSNormalization` instead.

    >>> keras.layers.LayerNormalization()(np.array([[1.0, 3.0]])).shape
    (1, 2)
    """

    def __init__(
        self,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        **kwargs,
    ):
        rms_scaling = bool(kwargs.pop("rms_scaling", False))
        if rms_scaling:
            warnings.warn(
                "LayerNormalization: `rms_scaling=True` is deprecated (it divides by the "
                "standard deviation, not the root mean square); use "
                "keras.layers.RMSNormalization instead.",
                UserWarning,
                stacklevel=2,
            )
        super().__init__(**kwargs)
        axis = utils.check_axis_argument(axis, "LayerNormalization")
        self.axis = [axis] if isinstance(axis, int) else axis
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape):
        self._axes = utils.canonical_axes(self.axis, len(input_shape), "LayerNormalization")
        shape = tuple(input_shape[a] for a in self._axes)
        if any(size is None for size in shape):
            raise ValueError(
                f"LayerNormalization: the normalized axes {self.axis} of the inputs must "
                f"be defined; got input_shape={tuple(input_shape)}."
            )
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
            )
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                name="beta",
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
            )
        self.built = True

    def call(self, inputs):
        if self.rms_scaling:
            x, back = utils.upcast(inputs)
            variance = ops.var(x, axis=self._axes, keepdims=True)
            outputs = x * (1.0 / ops.sqrt(variance + self.epsilon))
            if self.gamma is not None:
                shape = utils.broadcast_shape(len(x.shape), self._axes, self.gamma.shape)
                outputs = outputs * ops.reshape(self.gamma.value, shape)
            return outputs if back is None else ops.cast(outputs, back)
        gamma = self.gamma.value if self.gamma is not None else None
        beta = self.beta.value if self.beta is not None else None
        outputs = ops.layer_normalization(
            inputs, gamma, beta, axis=self._axes, epsilon=self.epsilon
        )
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "rms_scaling": self.rms_scaling,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint),
            }
        )
        return config
