"""LossScaleOptimizer: dynamic loss scaling around an optimizer (mixed precision)."""

from keras import ops
from keras.initializers import constant_initializers
from keras.optimizers import base_optimizer
from keras.saving import serialization_lib

# Base arguments accepted (at their defaults only) from configs of older versions.
_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


class LossScaleOptimizer(base_optimizer.Optimizer):
    """Wraps an optimizer with a loss scale adapted to keep float16 gradients finite.

    The loss is multiplied by the scale (`scale_loss`) before gradients are taken, and
    the gradients are divided by it before the inner optimizer uses them. When a
    gradient is not finite, the step is skipped and the scale halved; after
    `dynamic_growth_steps` finite steps in a row, the scale doubles.

    Args:
        inner_optimizer: the `keras.optimizers.Optimizer` that applies the steps.
        initial_scale: the starting loss scale (better too high than too low: it
            falls much faster than it rises).
        dynamic_growth_steps: the number of finite steps before the scale doubles.
        name: the name.

    >>> optimizer = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD())
    """

    default_name = "loss_scale_optimizer"

    def __init__(
        self,
        inner_optimizer,
        initial_scale=2.0**15,
        dynamic_growth_steps=2000,
        name=None,
        **kwargs,
    ):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, set "
                "`loss_scale_factor` on the inner optimizer."
            )
        for argument, default in _BASE_DEFAULTS.items():
            if argument in kwargs and kwargs.pop(argument) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{argument}`. Set "
                    f"`{argument}` on the `inner_optimizer` instead."
                )
        kwargs.pop("learning_rate", None)
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer does not support arguments: {sorted(kwargs)}."
            )
        if not isinstance(inner_optimizer, base_optimizer.Optimizer):
            raise ValueError(
                "`inner_optimizer` must be a keras.optimizers.Optimizer. Received: "
                f"inner_optimizer={inner_optimizer!r}"
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        # The gradients are unscaled here; the inner optimizer must not do it again.
        self.inner_optimizer.loss_scale_factor = None

    def build(self, variables):
        if self.built:
            return
        self.step_counter = self.add_variable(
            shape=(),
            dtype=base_optimizer.iteration_dtype(),
            initializer="zeros",
            name="step_counter",
        )
        self.dynamic_scale = self.add_variable(
            shape=(),
            dtype="float32",
            initializer=constant_initializers.Constant(self.initial_scale),
            name="dynamic_scale",
        )
        self.inner_optimizer.build(variables)
        super().build(variables)

    @property
    def variables(self):
        return self._variables + self.inner_optimizer.variables

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self.inner_optimizer.learning_rate = learning_rate

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    def check_finite(self, grads):
        """A boolean tensor: whether every gradient holds only finite values."""
        finite = [ops.all(ops.isfinite(g)) for g in grads if g is not None]
        return ops.all(ops.stack(finite))

    def apply(self, grads, trainable_variables=None):
        grads = [None if g is None else ops.convert_to_tensor(g) for g in grads]
        if not grads:
            return
        if not self.built:
            if trainable_variables is None:
                raise ValueError(
                    "When `trainable_variables` is not passed, the optimizer must "
                    "already be built: call `optimizer.build(trainable_variables)`."
                )
            self.build(list(trainable_variables))
        variables = trainable_variables or self._trainable_variables
        finite = self.check_finite(grads)
        scale = self.dynamic_scale
        unscaled = [
            g
            if g is None or getattr(v, "overwrite_with_gradient", False)
            else g / ops.cast(scale, g.dtype)
            for g, v in zip(grads, variables)
        ]
        self._run_if(
            finite, lambda: self.inner_optimizer.apply(unscaled, trainable_variables)
        )
        grow = ops.logical_and(
            finite, ops.equal(self.step_counter, self.dynamic_growth_steps - 1)
        )
        counter = ops.where(
            grow, ops.zeros_like(self.step_counter), self.step_counter + 1
        )
        self.step_counter.assign(
            ops.where(finite, counter, ops.zeros_like(self.step_counter))
        )
        grown = ops.where(grow, scale * 2.0, scale)
        self.dynamic_scale.assign(ops.where(finite, grown, scale * 0.5))

    def scale_loss(self, loss):
        """The loss multiplied by the current loss scale."""
        scale = self.dynamic_scale if self.built else self.initial_scale
        return ops.multiply(loss, scale)

    def finalize_variable_values(self, var_list):
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self):
        return {
            "name": self.name,
            "inner_optimizer": serialization_lib.serialize_keras_object(
                self.inner_optimizer
            ),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        inner = serialization_lib.deserialize_keras_object(
            config.pop("inner_optimizer"), custom_objects=custom_objects
        )
        return cls(inner, **config)
