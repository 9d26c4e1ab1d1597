"""Adam: adaptive moment estimation (Kingma & Ba, 2014)."""

from keras import ops
from keras.ops import fused
from keras.optimizers.base_optimizer import Optimizer


class Adam(Optimizer):
    """Adam: steps scaled by running estimates of the gradients' first two moments.

    `m = b1 * m + (1 - b1) * g`, `v = b2 * v + (1 - b2) * g**2`, then
    `w -= lr * sqrt(1 - b2**t) / (1 - b1**t) * m / (sqrt(v) + epsilon)` at step t.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        beta_1: the decay rate of the first moment estimate.
        beta_2: the decay rate of the second moment estimate.
        epsilon: a small constant added to `sqrt(v)` for numerical stability.
        amsgrad: whether to use the AMSGrad variant (the running maximum of `v`).
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    """

    default_name = "adam"

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
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
        self.amsgrad = amsgrad

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(
                variables, "velocity_hat"
            )

    def _update_all(self, grads, variables, learning_rate):
        if (
            self.amsgrad
            or type(self).update_step is not Adam.update_step
            or type(self).assign is not Optimizer.assign
            or type(self).assign_sub is not Optimizer.assign_sub
        ):
            super()._update_all(grads, variables, learning_rate)
            return
        # Every variable at once: a backend may run the whole update as a few fused
        # engine calls (keras.ops.fused.adam_update).
        indices = [self._get_variable_index(v) for v in variables]
        fused.adam_update(
            variables,
            grads,
            [self._momentums[i] for i in indices],
            [self._velocities[i] for i in indices],
            learning_rate,
            self.iterations,
            self.beta_1,
            self.beta_2,
            self.epsilon,
        )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        alpha = lr * ops.sqrt(1 - ops.power(beta_2, t)) / (1 - ops.power(beta_1, t))
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        new_m = m + (gradient - m) * (1 - beta_1)
        new_v = v + (ops.square(gradient) - v) * (1 - beta_2)
        self.assign(m, new_m)
        self.assign(v, new_v)
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            new_v = ops.maximum(v_hat, new_v)
            self.assign(v_hat, new_v)
        self.assign_sub(variable, new_m * alpha / (ops.sqrt(new_v) + self.epsilon))

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "amsgrad": self.amsgrad,
            }
        )
        return config
