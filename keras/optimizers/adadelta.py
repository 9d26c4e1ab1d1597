"""Adadelta: steps whose size adapts from moving averages of gradients and steps."""

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012).

    `ag = rho * ag + (1 - rho) * g**2`;
    `delta = -sqrt(ad + epsilon) / sqrt(ag + epsilon) * g`;
    `ad = rho * ad + (1 - rho) * delta**2`; then `w += lr * delta`.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        rho: the decay rate of the moving averages.
        epsilon: a small constant for numerical stability.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Adadelta(learning_rate=1.0, rho=0.95)
    """

    default_name = "adadelta"

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.95,
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
        self.rho = rho
        self.epsilon = epsilon

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._accumulated_grads, self._accumulated_delta_vars = (
            self.add_optimizer_variables(
                variables, ["accumulated_grad", "accumulated_delta_var"]
            )
        )

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        rho = self.rho
        index = self._get_variable_index(variable)
        grads_average = self._accumulated_grads[index]
        deltas_average = self._accumulated_delta_vars[index]
        new_grads_average = rho * grads_average + (1 - rho) * ops.square(gradient)
        delta = -(
            ops.sqrt(deltas_average + self.epsilon)
            * gradient
            / ops.sqrt(new_grads_average + self.epsilon)
        )
        new_deltas_average = rho * deltas_average + (1 - rho) * ops.square(delta)
        self.assign(grads_average, new_grads_average)
        self.assign(deltas_average, new_deltas_average)
        self.assign_add(variable, lr * delta)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
