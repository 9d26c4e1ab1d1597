"""Nadam: Adam with Nesterov momentum (Dozat, 2015)."""

from keras import ops
from keras.backends.common import config as backend_config
from keras.optimizers.base_optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam: Adam whose first moment looks one step ahead (Nesterov momentum).

    The momentum factor follows the schedule `mu_t = b1 * (1 - 0.5 * 0.96**t)`; its
    running product is an extra variable, created after the slots.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        beta_1: the decay rate of the first moment estimate.
        beta_2: the decay rate of the second moment estimate.
        epsilon: a small constant for numerical stability.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Nadam(learning_rate=1e-3)
    """

    default_name = "nadam"

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
        variables = list(variables)
        dtype = variables[0].dtype if variables else backend_config.floatx()
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        self._u_product = self.add_variable(
            shape=(), initializer="ones", dtype=dtype, name="u_product"
        )

    def _momentum_factor(self, step, dtype):
        decay = ops.power(ops.cast(0.96, dtype), ops.cast(step, dtype))
        return ops.cast(self.beta_1, dtype) * (1.0 - 0.5 * decay)

    def _update_all(self, grads, variables, learning_rate):
        dtype = self._u_product.dtype
        factor = self._momentum_factor(self.iterations + 1, dtype)
        self.assign(self._u_product, self._u_product * factor)
        super()._update_all(grads, variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        mu_t = self._momentum_factor(self.iterations + 1, dtype)
        mu_next = self._momentum_factor(self.iterations + 2, dtype)
        product = ops.cast(self._u_product, dtype)
        product_next = product * mu_next
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        new_m = m + (gradient - m) * (1 - beta_1)
        new_v = v + (ops.square(gradient) - v) * (1 - beta_2)
        self.assign(m, new_m)
        self.assign(v, new_v)
        m_hat = mu_next * new_m / (1 - product_next) + (1 - mu_t) * gradient / (
            1 - product
        )
        v_hat = new_v / (1 - ops.power(beta_2, t))
        self.assign_sub(variable, m_hat * lr / (ops.sqrt(v_hat) + self.epsilon))

    def get_config(self):
        config = super().get_config()
        config.update(
            {"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
        )
        return config
