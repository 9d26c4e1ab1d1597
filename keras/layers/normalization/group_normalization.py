"""GroupNormalization: normalizes groups of channels of each sample."""

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers import input_spec as input_spec_lib
from keras.layers.layer import Layer
from keras.layers.normalization import normalization_utils as utils


class GroupNormalization(Layer):
    """Splits the channels (along `axis`) into `groups` groups and normalizes each
    group of each sample over its channels and every other non-batch axis; then applies
    a per-channel `gamma` and `beta`. `groups=1` is layer normalization over all
    non-batch axes; `groups` equal to the channels is instance normalization.

    Args:
        groups: the number of groups; must divide the channels.
        axis: the channel axis.
        epsilon: small float added to the variance.
        center: whether to add `beta`.
        scale: whether to multiply by `gamma`.
        beta_initializer, gamma_initializer: their initializers.
        beta_regularizer, gamma_regularizer: their regularizers.
        beta_constraint, gamma_constraint: their constraints.
        **kwargs: base layer arguments.

    >>> keras.layers.GroupNormalization(groups=2)(np.ones((1, 3, 4))).shape
    (1, 3, 4)
    """

    def __init__(
        self,
        groups=32,
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
        super().__init__(**kwargs)
        if not isinstance(groups, int) or isinstance(groups, bool) or groups < 1:
            raise ValueError(
                f"GroupNormalization: `groups` must be a positive int; got {groups!r}."
            )
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(f"GroupNormalization: `axis` must be an int; got {axis!r}.")
        self.groups = groups
        self.axis = axis
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
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
        ndim = len(input_shape)
        if ndim < 2:
            raise ValueError(
                "GroupNormalization: inputs need a batch and a channel axis; got "
                f"input_shape={tuple(input_shape)}."
            )
        axis = utils.canonical_axes(self.axis, ndim, "GroupNormalization")[0]
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                f"GroupNormalization: axis {self.axis} of the inputs must be defined; got "
                f"input_shape={tuple(input_shape)}."
            )
        if channels < self.groups:
            raise ValueError(
                f"GroupNormalization: `groups`={self.groups} is more than the "
                f"{channels} channels of the inputs."
            )
        if channels % self.groups:
            raise ValueError(
                f"GroupNormalization: `groups`={self.groups} must divide the {channels} "
                "channels of the inputs."
            )
        self._axis = axis
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=(channels,),
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta",
                shape=(channels,),
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
            )
        self.input_spec = input_spec_lib.InputSpec(ndim=ndim, axes={axis: channels})
        self.built = True

    def call(self, inputs):
        x, back = utils.upcast(inputs)
        ndim = len(x.shape)
        axis = self._axis
        channels = x.shape[axis]
        dynamic = ops.shape(x)
        # (..., channels, ...) -> (..., groups, channels // groups, ...): each group is
        # normalized over its channels and all axes but the batch.
        grouped_shape = (
            list(dynamic[:axis]) + [self.groups, channels // self.groups]
            + list(dynamic[axis + 1 :])
        )
        grouped = ops.reshape(x, grouped_shape)
        axes = [a for a in range(1, ndim + 1) if a != axis]
        mean, variance = ops.moments(grouped, axes=axes, keepdims=True)
        normalized = (grouped - mean) * (1.0 / ops.sqrt(variance + self.epsilon))
        outputs = ops.reshape(normalized, dynamic)
        shape = utils.broadcast_shape(ndim, (axis,), (channels,))
        if self.gamma is not None:
            outputs = outputs * ops.reshape(ops.cast(self.gamma, outputs.dtype), shape)
        if self.beta is not None:
            outputs = outputs + ops.reshape(ops.cast(self.beta, outputs.dtype), shape)
        return outputs if back is None else ops.cast(outputs, back)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "groups": self.groups,
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint),
            }
        )
        return config
