"""BatchNormalization: normalizes with the statistics of the batch in training and with
moving averages of them in inference."""

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers import input_spec as input_spec_lib
from keras.layers.layer import Layer
from keras.layers.normalization import normalization_utils as utils


class BatchNormalization(Layer):
    """Normalizes each feature (along `axis`) to mean 0 and variance 1.

    In training (`training=True` and the layer trainable), the mean and variance are
    those of the batch over every axis but `axis` (weighted by `mask` when given), and
    the moving averages are updated: `moving = moving * momentum + batch * (1 -
    momentum)`. Otherwise the moving averages are used. A layer with `trainable=False`
    always runs in inference mode, as in Keras 3 (for fine-tuning). Then
    `outputs = gamma * normalized + beta`.

    Args:
        axis: the feature axis (usually -1, or 1 for `channels_first` images).
        momentum: the momentum of the moving averages.
        epsilon: small float added to the variance.
        center: whether to add the learned offset `beta`.
        scale: whether to multiply by the learned scale `gamma`.
        beta_initializer, gamma_initializer, moving_mean_initializer,
        moving_variance_initializer: initializers of the four vectors.
        beta_regularizer, gamma_regularizer: regularizers of beta and gamma.
        beta_constraint, gamma_constraint: constraints of beta and gamma.
        renorm: whether to use batch renormalization: in training the batch statistics
            are corrected towards moving ones by factors `r` and `d` (clipped by
            `renorm_clipping`), which adds the non-trainable `moving_stddev`,
            `renorm_mean` and `renorm_stddev`.
        renorm_clipping: a dict with optional keys `rmax`, `rmin` and `dmax`.
        renorm_momentum: the momentum of the renorm moving averages.
        synchronized: accepted for compatibility: statistics are those of the batch on
            this device (one device here).
        **kwargs: base layer arguments.

    >>> layer = keras.layers.BatchNormalization()
    >>> layer(np.ones((2, 3)), training=True).shape
    (2, 3)
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        synchronized=False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(
                f"BatchNormalization: `axis` must be an int; got {axis!r} of type "
                f"{type(axis).__name__}."
            )
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.renorm = bool(renorm)
        if renorm_clipping is not None:
            unknown = set(renorm_clipping) - {"rmax", "rmin", "dmax"}
            if unknown:
                raise ValueError(
                    "BatchNormalization: `renorm_clipping` takes the keys 'rmax', 'rmin' "
                    f"and 'dmax'; got {sorted(unknown)}."
                )
            renorm_clipping = dict(renorm_clipping)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = float(renorm_momentum)
        self.synchronized = bool(synchronized)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape):
        ndim = len(input_shape)
        axis = utils.canonical_axes(self.axis, ndim, "BatchNormalization")[0]
        size = input_shape[axis]
        if size is None:
            raise ValueError(
                f"BatchNormalization: axis {self.axis} of the inputs must be defined; got "
                f"input_shape={tuple(input_shape)}."
            )
        self._axis = axis
        shape = (size,)
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta",
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
            )
        self.moving_mean = self.add_weight(
            name="moving_mean",
            shape=shape,
            initializer=self.moving_mean_initializer,
            trainable=False,
            autocast=False,
        )
        self.moving_variance = self.add_weight(
            name="moving_variance",
            shape=shape,
            initializer=self.moving_variance_initializer,
            trainable=False,
            autocast=False,
        )
        if self.renorm:
            self.moving_stddev = self.add_weight(
                name="moving_stddev",
                shape=shape,
                initializer=_SqrtOf(self.moving_variance_initializer),
                trainable=False,
                autocast=False,
            )
            self.renorm_mean = self.add_weight(
                name="renorm_mean",
                shape=shape,
                initializer=self.moving_mean_initializer,
                trainable=False,
                autocast=False,
            )
            self.renorm_stddev = self.add_weight(
                name="renorm_stddev",
                shape=shape,
                initializer=_SqrtOf(self.moving_variance_initializer),
                trainable=False,
                autocast=False,
            )
        self.input_spec = input_spec_lib.InputSpec(ndim=ndim, axes={axis: size})
        self.built = True

    def _broadcast(self, vector, ndim):
        return ops.reshape(vector, utils.broadcast_shape(ndim, (self._axis,), (-1,)))

    def call(self, inputs, training=None, mask=None):
        x, back = utils.upcast(inputs)
        ndim = len(x.shape)
        reduce_axes = [a for a in range(ndim) if a != self._axis]
        if training and self.trainable:
            mean, variance = self._moments(x, reduce_axes, mask)
            self._update(self.moving_mean, mean, self.momentum)
            if self.renorm:
                outputs = self._renormalize(x, mean, variance, ndim)
                self._moving_variance_from_stddev()
            else:
                outputs = self._normalize(x, mean, variance, ndim)
                self._update(self.moving_variance, variance, self.momentum)
        else:
            outputs = self._normalize(
                x, self.moving_mean.value, self.moving_variance.value, ndim
            )
        if back is not None:
            outputs = ops.cast(outputs, back)
        return outputs

    def _moments(self, x, axes, mask):
        if mask is None:
            return ops.moments(x, axes=axes, synchronized=self.synchronized)
        weights = ops.cast(mask, x.dtype)
        while len(weights.shape) < len(x.shape):
            weights = ops.expand_dims(weights, -1)
        weights = ops.broadcast_to(weights, ops.shape(x))
        count = ops.maximum(ops.sum(weights, axis=axes), 1e-12)
        mean = ops.sum(x * weights, axis=axes) / count
        centered = x - self._broadcast(mean, len(x.shape))
        variance = ops.sum(weights * centered * centered, axis=axes) / count
        return mean, variance

    def _normalize(self, x, mean, variance, ndim):
        gamma = self.gamma.value if self.gamma is not None else None
        beta = self.beta.value if self.beta is not None else None
        return ops.batch_normalization(
            x,
            mean,
            variance,
            axis=self._axis,
            offset=beta,
            scale=gamma,
            epsilon=self.epsilon,
        )

    def _renormalize(self, x, mean, variance, ndim):
        # Batch renormalization (Ioffe, 2017): the batch-normalized x is corrected by
        # r = std_batch / std_moving and d = (mean_batch - mean_moving) / std_moving,
        # both clipped and without gradient, then the renorm averages move on.
        stddev = ops.sqrt(variance + self.epsilon)
        clipping = self.renorm_clipping or {}
        # Unset bounds do not clip (rmin 0, rmax and dmax infinite), as in Keras.
        rmax = clipping.get("rmax")
        rmin = clipping.get("rmin")
        dmax = clipping.get("dmax")
        renorm_mean = self.renorm_mean.value
        renorm_stddev = self.renorm_stddev.value
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        if rmin is not None or rmax is not None:
            r = ops.clip(
                r,
                rmin if rmin is not None else 0.0,
                rmax if rmax is not None else float("inf"),
            )
        if dmax is not None:
            d = ops.clip(d, -dmax, dmax)
        r = ops.stop_gradient(r)
        d = ops.stop_gradient(d)
        normalized = (x - self._broadcast(mean, ndim)) / self._broadcast(stddev, ndim)
        normalized = normalized * self._broadcast(r, ndim) + self._broadcast(d, ndim)
        if self.gamma is not None:
            normalized = normalized * self._broadcast(self.gamma.value, ndim)
        if self.beta is not None:
            normalized = normalized + self._broadcast(self.beta.value, ndim)
        self._update(self.renorm_mean, mean, self.renorm_momentum)
        self._update(self.renorm_stddev, stddev, self.renorm_momentum)
        self._update(self.moving_stddev, stddev, self.momentum)
        return normalized

    def _moving_variance_from_stddev(self):
        # With renorm, the moving variance follows the moving standard deviation.
        stddev = self.moving_stddev.value
        self.moving_variance.assign(stddev * stddev - self.epsilon)

    @staticmethod
    def _update(variable, value, momentum):
        value = ops.stop_gradient(ops.cast(value, variable.dtype))
        variable.assign(variable.value * momentum + value * (1.0 - momentum))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "moving_mean_initializer": initializers.serialize(
                    self.moving_mean_initializer
                ),
                "moving_variance_initializer": initializers.serialize(
                    self.moving_variance_initializer
                ),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint),
                "synchronized": self.synchronized,
                "renorm": self.renorm,
                "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum,
            }
        )
        return config


class _SqrtOf:
    """An initializer giving sqrt(initializer(...)): the starting moving standard
    deviation of the starting moving variance."""

    def __init__(self, initializer):
        self.initializer = initializer

    def __call__(self, shape, dtype=None):
        return ops.sqrt(self.initializer(shape, dtype=dtype))
