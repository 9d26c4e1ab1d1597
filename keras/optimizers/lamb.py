"""Lamb: Adam with layer-wise trust ratios (You et al., 2019)."""

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


class Lamb(Optimizer):
    """Lamb: the bias-corrected Adam direction, rescaled per variable.

    The Adam direction `u = m_hat / (sqrt(v_hat) + epsilon)` is multiplied by the
    trust ratio `||w|| / ||u||` (1 when either norm is 0): `w -= ratio * lr * u`.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        beta_1: the decay rate of the first moment estimate.
        beta_2: the decay rate of the second moment estimate.
        epsilon: a small constant for numerical stability.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Lamb(learning_rate=1e-3)
    """

    default_name = "lamb"

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
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
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        new_m = m + (gradient - m) * (1 - beta_1)
        new_v = v + (ops.square(gradient) - v) * (1 - beta_2)
        self.assign(m, new_m)
        self.assign(v, new_v)
        m_hat = new_m / (1.0 - ops.power(beta_1, t))
        v_hat = new_v / (1.0 - ops.power(beta_2, t))
        update = m_hat / (ops.sqrt(v_hat) + self.epsilon)
        w_norm = ops.sqrt(ops.sum(ops.square(variable)))
        u_norm = ops.sqrt(ops.sum(ops.square(update)))
        ratio = ops.where(
            ops.logical_and(w_norm > 0, u_norm > 0),
            w_norm / ops.where(u_norm > 0, u_norm, 1.0),
            1.0,
        )
        self.assign_sub(variable, ops.cast(ratio, dtype) * lr * update)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
        )
        return config
