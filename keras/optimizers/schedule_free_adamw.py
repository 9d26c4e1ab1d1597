"""ScheduleFreeAdamW: AdamW without a learning rate schedule (Defazio et al., 2024)."""

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    """Schedule-Free AdamW: interpolation and averaging in place of a schedule.

    Gradient steps, scaled as in RMSprop with bias correction, move the sequence
    `z` (the "momentum" slot, started at the initial weights). The model weights
    are `y = (1 - beta_1) * z + beta_1 * x`, where `x` is the running average of
    the `z` iterates (weight 1/t at step t).

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.0025.
        beta_1: the interpolation between `z` and `x`.
        beta_2: the decay rate of the second moment estimate.
        epsilon: a small constant for numerical stability.
        warmup_steps: the learning rate grows linearly from 0 over this many steps.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.ScheduleFreeAdamW(learning_rate=0.0025)
    """

    default_name = "schedule_free_adamw"

    def __init__(
        self,
        learning_rate=0.0025,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        warmup_steps=0,
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
        self.warmup_steps = warmup_steps

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        for momentum, variable in zip(self._momentums, variables):
            if momentum is not None:
                self.assign(momentum, ops.copy(variable.value))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        if self.warmup_steps > 0:
            lr = lr * ops.minimum(t / self.warmup_steps, 1.0)
        index = self._get_variable_index(variable)
        z = self._momentums[index]
        v = self._velocities[index]
        new_v = v + (ops.square(gradient) - v) * (1 - beta_2)
        denominator = ops.sqrt(new_v / (1 - ops.power(beta_2, t))) + self.epsilon
        new_z = z - lr * gradient / denominator
        x = (variable - (1 - beta_1) * z) / beta_1
        weight = 1.0 / t
        new_x = (1 - weight) * x + weight * new_z
        new_y = (1 - beta_1) * new_z + beta_1 * new_x
        self.assign(v, new_v)
        self.assign(z, new_z)
        self.assign(variable, new_y)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "warmup_steps": self.warmup_steps,
            }
        )
        return config
