"""Adafactor: Adam-like steps with factored second moments (Shazeer & Stern, 2018)."""

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


def _rms(x):
    return ops.sqrt(ops.mean(ops.square(x)))


class Adafactor(Optimizer):
    """Adafactor: memory-light second moments, relative step sizes.

    For a variable of rank >= 2 the second moment of its last two dimensions is
    kept as a row average `r` and a column average `c` (rank-1 factors) instead of a
    full matrix. At step t, with `b2_t = 1 - t**beta_2_decay` and
    `rho_t = min(lr, 1 / sqrt(t))`, the step is
    `w -= max(epsilon_2, rms(w)) * rho_t * u / max(1, rms(u) / clip_threshold)`
    where `u = g / sqrt(v)`.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        beta_2_decay: the decay exponent of the second moment's rate.
        epsilon_1: added to the squared gradients.
        epsilon_2: the smallest relative step scale.
        clip_threshold: the threshold of the update clipping by RMS.
        relative_step: whether the learning rate is capped by `1 / sqrt(t)`.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Adafactor(learning_rate=1e-2)
    """

    default_name = "adafactor"

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=1e-3,
        clip_threshold=1.0,
        relative_step=True,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._r, self._c, self._v = [], [], []
        for variable in variables:
            overwritten = getattr(variable, "overwrite_with_gradient", False)
            name = variable.name
            if len(variable.shape) < 2:
                # Not factored: scalar placeholders keep the slot layout of Keras 3.
                r = self.add_variable((), name=name)
                c = self.add_variable((), name=name)
            elif overwritten:
                r = c = None
            else:
                shape, dtype = variable.shape, variable.dtype
                r = self.add_variable(shape[:-1], dtype=dtype, name=name)
                c = self.add_variable(shape[:-2] + shape[-1:], dtype=dtype, name=name)
            self._r.append(r)
            self._c.append(c)
            self._v.append(
                None
                if overwritten
                else self.add_variable_from_reference(variable, "velocity")
            )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        if self.relative_step and not callable(self._learning_rate):
            lr = ops.minimum(lr, 1 / ops.sqrt(t))
        rho = ops.minimum(lr, 1 / ops.sqrt(t))
        alpha = ops.maximum(ops.cast(self.epsilon_2, dtype), _rms(variable)) * rho
        squared = ops.square(gradient) + self.epsilon_1
        beta_2 = 1 - ops.power(t, self.beta_2_decay)
        index = self._get_variable_index(variable)
        r, c, v = self._r[index], self._c[index], self._v[index]
        if len(variable.shape) >= 2:
            new_r = beta_2 * r + (1 - beta_2) * ops.mean(squared, axis=-1)
            new_c = beta_2 * c + (1 - beta_2) * ops.mean(squared, axis=-2)
            row_share = new_r / ops.mean(new_r, axis=-1, keepdims=True)
            new_v = ops.expand_dims(row_share, -1) * ops.expand_dims(new_c, -2)
            self.assign(r, new_r)
            self.assign(c, new_c)
        else:
            new_v = beta_2 * v + (1 - beta_2) * squared
        self.assign(v, new_v)
        u = gradient / ops.sqrt(new_v)
        u = u / ops.maximum(1.0, _rms(u) / self.clip_threshold)
        self.assign_sub(variable, alpha * u)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_2_decay": self.beta_2_decay,
                "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2,
                "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step,
            }
        )
        return config
