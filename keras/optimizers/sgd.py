"""SGD: gradient descent, with optional (Nesterov) momentum."""

from keras import ops
from keras.ops import fused
from keras.optimizers.base_optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with optional momentum.

    Without momentum: `w -= learning_rate * g`. With momentum:
    `velocity = momentum * velocity - learning_rate * g`, then `w += velocity`, or
    with `nesterov=True`, `w += momentum * velocity - learning_rate * g`.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.01.
        momentum: a float in [0, 1], the momentum; 0 creates no slot variables.
        nesterov: whether to use Nesterov momentum.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (weight_decay,
            clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    """

    default_name = "sgd"

    def __init__(
        self,
        learning_rate=0.01,
        momentum=0.0,
        nesterov=False,
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
        if isinstance(momentum, bool) or not 0 <= momentum <= 1:
            raise ValueError(
                f"`momentum` must be a float in [0, 1]. Received: momentum={momentum}"
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def _update_all(self, grads, variables, learning_rate):
        if (
            self.momentum != 0
            or type(self).update_step is not SGD.update_step
            or type(self).assign_sub is not Optimizer.assign_sub
        ):
            super()._update_all(grads, variables, learning_rate)
            return
        # Plain SGD: `variable -= learning_rate * gradient` for all variables at once
        # (one or two engine calls on torch; the learning rate is cast once per dtype).
        fused.scaled_assign_sub(variables, grads, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        step = ops.cast(gradient, variable.dtype) * lr
        if self.momentum == 0:
            self.assign_sub(variable, step)
            return
        m = self.momentums[self._get_variable_index(variable)]
        momentum = ops.cast(self.momentum, variable.dtype)
        new_m = m * momentum - step
        self.assign(m, new_m)
        if self.nesterov:
            self.assign_add(variable, new_m * momentum - step)
        else:
            self.assign_add(variable, new_m)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
