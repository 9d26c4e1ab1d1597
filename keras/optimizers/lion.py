"""Lion: sign-of-momentum updates (Chen et al., 2023)."""

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


class Lion(Optimizer):
    """Lion ("evoLved sIgn mOmeNtum").

    `w -= lr * sign(b1 * m + (1 - b1) * g)`, then `m = b2 * m + (1 - b2) * g`.
    Every step has the same size per coordinate, so Lion usually wants a learning
    rate 3-10 times smaller than AdamW's.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        beta_1: the interpolation factor of the update direction, in (0, 1].
        beta_2: the decay rate of the momentum.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Lion(learning_rate=1e-4)
    """

    default_name = "lion"

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.99,
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
        if not 0 < beta_1 <= 1:
            raise ValueError(
                "Argument `beta_1` must be in the (0, 1] range; otherwise the "
                f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        m = self._momentums[self._get_variable_index(variable)]
        direction = ops.sign(m * beta_1 + gradient * (1.0 - beta_1))
        new_m = m * beta_2 + gradient * (1.0 - beta_2)
        self.assign_sub(variable, lr * direction)
        self.assign(m, new_m)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
