"""Adamax: Adam with the infinity norm in place of the second moment."""

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax, the infinity-norm variant of Adam (Kingma & Ba, 2014, section 7).

    `m = b1 * m + (1 - b1) * g`, `u = max(b2 * u, |g|)`, then
    `w -= lr * m / ((1 - b1**t) * (u + epsilon))` at step t.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        beta_1: the decay rate of the first moment estimate.
        beta_2: the decay rate of the infinity norm.
        epsilon: a small constant for numerical stability.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Adamax(learning_rate=2e-3)
    """

    default_name = "adamax"

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
        self._m, self._u = self.add_optimizer_variables(
            variables, ["momentum", "norm"]
        )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        index = self._get_variable_index(variable)
        m = self._m[index]
        u = self._u[index]
        new_m = m + (gradient - m) * (1 - beta_1)
        new_u = ops.maximum(u * ops.cast(self.beta_2, dtype), ops.abs(gradient))
        self.assign(m, new_m)
        self.assign(u, new_u)
        denominator = (1 - ops.power(beta_1, t)) * (new_u + self.epsilon)
        self.assign_sub(variable, lr * new_m / denominator)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
        )
        return config
