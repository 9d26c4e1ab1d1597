"""RMSprop: steps scaled by a moving average of squared gradients."""

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop (Hinton, lecture 6e).

    `v = rho * v + (1 - rho) * g**2` and `step = lr * g / sqrt(v + epsilon)`; with
    `centered=True` the denominator is `sqrt(v - a**2 + epsilon)` where `a` is the
    moving average of the gradients. With momentum, `mom = momentum * mom + step`
    and `w -= mom`; otherwise `w -= step`.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        rho: the decay rate of the moving averages.
        momentum: the momentum; 0 creates no momentum slots.
        epsilon: a small constant for numerical stability.
        centered: whether to normalize by the variance of the gradients rather
            than their second moment.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.RMSprop(learning_rate=1e-3, rho=0.9)
    """

    default_name = "rmsprop"

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-7,
        centered=False,
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
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        # One kind of slot at a time, as Keras 3 orders them.
        self._velocities = self.add_optimizer_variables(variables, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(variables, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(
                variables, "average_gradient"
            )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        rho = self.rho
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        new_velocity = rho * velocity + (1 - rho) * ops.square(gradient)
        self.assign(velocity, new_velocity)
        if self.centered:
            average = self._average_gradients[index]
            new_average = rho * average + (1 - rho) * gradient
            self.assign(average, new_average)
            denominator = new_velocity - ops.square(new_average) + self.epsilon
        else:
            denominator = new_velocity + self.epsilon
        increment = lr * gradient / ops.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[index]
            new_momentum = self.momentum * momentum + increment
            self.assign(momentum, new_momentum)
            self.assign_sub(variable, new_momentum)
        else:
            self.assign_sub(variable, increment)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config
