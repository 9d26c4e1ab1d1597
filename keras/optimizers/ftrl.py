"""Ftrl: Follow The Regularized Leader (McMahan et al., 2013)."""

from keras import ops
from keras.initializers import constant_initializers
from keras.optimizers.base_optimizer import Optimizer


class Ftrl(Optimizer):
    """FTRL-Proximal, suited to shallow models with large sparse feature spaces.

    Per coordinate, with `p = -learning_rate_power` and the accumulator `n`:
    `n_new = n + g**2`;
    `z += g + 2 * l2_shrinkage * w - (n_new**p - n**p) / lr * w`;
    `w = (clip(z, -l1, l1) - z) / (n_new**p / lr + 2 * (l2 + beta / (2 * lr)))`.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        learning_rate_power: how the learning rate decreases, <= 0 (-0.5 is the
            usual 1/sqrt decay).
        initial_accumulator_value: the starting value of the accumulators, >= 0.
        l1_regularization_strength: the L1 penalty, >= 0.
        l2_regularization_strength: the L2 penalty, >= 0.
        l2_shrinkage_regularization_strength: an L2 penalty on the weights added
            to the gradient (a magnitude penalty), >= 0.
        beta: the beta of the paper; adds `beta / (2 * lr)` to the L2 penalty.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Ftrl(l1_regularization_strength=0.01)
    """

    default_name = "ftrl"

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
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
        if initial_accumulator_value < 0.0:
            raise ValueError(
                "`initial_accumulator_value` needs to be positive or zero. Received: "
                f"initial_accumulator_value={initial_accumulator_value}."
            )
        if learning_rate_power > 0.0:
            raise ValueError(
                "`learning_rate_power` needs to be negative or zero. Received: "
                f"learning_rate_power={learning_rate_power}."
            )
        for argument, value in [
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            (
                "l2_shrinkage_regularization_strength",
                l2_shrinkage_regularization_strength,
            ),
        ]:
            if value < 0.0:
                raise ValueError(
                    f"`{argument}` needs to be positive or zero. Received: "
                    f"{argument}={value}."
                )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = (
            l2_shrinkage_regularization_strength
        )
        self.beta = beta

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        accumulator = constant_initializers.Constant(self.initial_accumulator_value)
        self._accumulators, self._linears = self.add_optimizer_variables(
            variables, ["accumulator", "linear"], initializer=[accumulator, "zeros"]
        )

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        index = self._get_variable_index(variable)
        accumulator = self._accumulators[index]
        linear = self._linears[index]
        power = -self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        shrunk_gradient = (
            gradient + 2 * self.l2_shrinkage_regularization_strength * variable
        )
        new_accumulator = accumulator + ops.square(gradient)
        sigma = (ops.power(new_accumulator, power) - ops.power(accumulator, power)) / lr
        new_linear = linear + shrunk_gradient - sigma * variable
        quadratic = ops.power(new_accumulator, power) / lr + 2 * l2
        new_variable = (ops.clip(new_linear, -l1, l1) - new_linear) / quadratic
        self.assign(linear, new_linear)
        self.assign(accumulator, new_accumulator)
        self.assign(variable, new_variable)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": (
                    self.l2_shrinkage_regularization_strength
                ),
                "beta": self.beta,
            }
        )
        return config
