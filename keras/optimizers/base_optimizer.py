"""Optimizer: the base class of every keras optimizer.

An optimizer owns its variables, listed by `optimizer.variables` in the order weight
files store them: `iterations`, then the learning rate (a Variable unless it is a
schedule or a callable), then the variables `build` creates. `apply` updates the model
variables with keras.ops and `.assign*` only, so one code path runs eagerly on every
backend, inside `tf.function`, and (through `stateless_apply`) inside `jax.jit`.
Data-dependent choices (gradient accumulation, EMA overwrites) are made with
`ops.where`, never with Python branches on tensor values.
"""

import re
import warnings

import numpy as np

from keras import ops
from keras.backends import active
from keras.backends.common import config
from keras.backends.common import name_scope
from keras.backends.common import stateless_scope
from keras.initializers import lookup as initializers
from keras.optimizers import gradient_clipping
from keras.optimizers.schedules import learning_rate_schedule
from keras.saving import serialization_lib


def iteration_dtype():
    # As in Keras 3: int64 counters on TensorFlow, int32 elsewhere (JAX lacks int64
    # unless x64 is enabled).
    return "int64" if config.backend() == "tensorflow" else "int32"


def _is_dynamic(learning_rate):
    """A schedule or a function: evaluated at each step, not held in a Variable."""
    return callable(learning_rate) and not isinstance(learning_rate, active.Variable)


def _snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


class Optimizer:
    """Base class of optimizers: state, hyperparameters and the update loop.

    A subclass implements `build(variables)` (create its slot variables with
    `add_variable_from_reference`, after calling `super().build`), `update_step(
    gradient, variable, learning_rate)` (update one variable, with `self.assign*`),
    and `get_config()`.

    Args:
        learning_rate: a float, a `keras.optimizers.schedules.LearningRateSchedule`
            (evaluated at `iterations`), or a callable taking no arguments.
        weight_decay: if set, each step first shrinks every variable by
            `variable * weight_decay * learning_rate` (decoupled weight decay).
        clipnorm: if set, each gradient is rescaled so its L2 norm is at most this.
        clipvalue: if set, each gradient is clipped to `[-clipvalue, clipvalue]`.
        global_clipnorm: if set, all gradients are rescaled together so that their
            joint L2 norm is at most this. At most one of the three clips is set.
        use_ema: whether to keep an exponential moving average of the variables.
        ema_momentum: the momentum of that average:
            `average = ema_momentum * average + (1 - ema_momentum) * variable`.
        ema_overwrite_frequency: with `use_ema`, the variables are overwritten by
            their average every this many steps; None leaves it to
            `finalize_variable_values()`.
        loss_scale_factor: if set, `scale_loss` multiplies the loss by it and the
            gradients are divided by it before use.
        gradient_accumulation_steps: if set (an int >= 2), gradients are summed over
            this many calls and their mean is applied on every such call.
        name: the name, the prefix of the variables' paths; defaults to a unique
            snake_case name of the class.

    >>> optimizer = keras.optimizers.SGD(learning_rate=0.1)
    >>> w = keras.Variable([1.0, 2.0])
    >>> optimizer.apply([keras.ops.convert_to_tensor([1.0, 1.0])], [w])
    >>> w.numpy()  # [0.9, 1.9]
    """

    default_name = None

    def __init__(
        self,
        learning_rate,
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
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and is ignored.")
        if kwargs:
            raise ValueError(
                f"{type(self).__name__}: argument(s) not recognized: {sorted(kwargs)}."
            )
        _check_arguments(
            clipnorm,
            clipvalue,
            global_clipnorm,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            gradient_accumulation_steps,
        )
        if name is None:
            name = name_scope.auto_name(
                self.default_name or _snake_case(type(self).__name__)
            )
        self.name = name
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._variable_indices = {}
        self._exclude_ids = set()
        self._exclude_pattern = None
        with name_scope.name_scope(self.name):
            self._iterations = active.Variable(
                0,
                dtype=iteration_dtype(),
                trainable=False,
                aggregation="only_first_replica",
                name="iteration",
            )
        self._variables.append(self._iterations)
        self._learning_rate = self._make_learning_rate(learning_rate)

    def _make_learning_rate(self, learning_rate):
        if _is_dynamic(learning_rate):
            return learning_rate
        if isinstance(learning_rate, (bool, str)):
            raise ValueError(_LEARNING_RATE_ERROR.format(learning_rate))
        try:
            value = float(learning_rate)
        except (TypeError, ValueError):
            raise ValueError(_LEARNING_RATE_ERROR.format(learning_rate)) from None
        _check_learning_rate_value(value, learning_rate)
        with name_scope.name_scope(self.name):
            variable = active.Variable(
                value,
                dtype=config.floatx(),
                trainable=False,
                aggregation="only_first_replica",
                name="learning_rate",
            )
        self._variables.append(variable)
        return variable

    # State.
    @property
    def variables(self):
        """The optimizer's variables: iterations, learning rate, then slots."""
        return self._variables[:]

    @property
    def iterations(self):
        """The number of updates applied (with gradient accumulation: of real ones)."""
        if self.gradient_accumulation_steps:
            return ops.floor_divide(self._iterations, self.gradient_accumulation_steps)
        return self._iterations

    @property
    def learning_rate(self):
        """The current learning rate (a schedule is evaluated at the step count)."""
        if isinstance(self._learning_rate, learning_rate_schedule.LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if isinstance(self._learning_rate, active.Variable):
            return self._learning_rate
        return self._learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        current = self._learning_rate
        if _is_dynamic(learning_rate):
            self._learning_rate = learning_rate
            if isinstance(current, active.Variable):
                self._variables = [v for v in self._variables if v is not current]
            return
        if not isinstance(current, active.Variable):
            raise TypeError(
                f"{type(self).__name__} was created with a schedule or a callable as "
                "its `learning_rate`, so the learning rate cannot be set to a number. "
                "Create the optimizer with a float `learning_rate` to make it settable."
            )
        if isinstance(learning_rate, (int, float, np.number)):
            _check_learning_rate_value(float(learning_rate), learning_rate)
        current.assign(learning_rate)

    def add_variable(
        self,
        shape,
        initializer="zeros",
        dtype=None,
        aggregation="none",
        layout=None,
        name=None,
    ):
        """Creates a non-trainable optimizer variable, listed in `variables`.

        Args:
            shape: the shape.
            initializer: an initializer or its name.
            dtype: the dtype; defaults to `keras.config.floatx()`.
            aggregation: the multi-replica aggregation of the variable.
            layout: accepted for API compatibility; ignored.
            name: the name (its path is prefixed by the optimizer's name).

        Returns:
            The new Variable.
        """
        with name_scope.name_scope(self.name):
            variable = active.Variable(
                initializers.get(initializer),
                shape=shape,
                dtype=dtype,
                trainable=False,
                aggregation=aggregation,
                name=name,
            )
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(
        self, reference_variable, name=None, initializer="zeros"
    ):
        """Creates a variable of the shape and dtype of a model variable.

        It is named after the model variable's path: for `name="momentum"` and a
        variable at "dense/kernel", the name is "dense_kernel_momentum" and the
        path "adam/dense_kernel_momentum".
        """
        reference_name = getattr(reference_variable, "path", None)
        if reference_name is None:
            reference_name = str(reference_variable.name).replace(":", "_")
        full_name = f"{reference_name.replace('/', '_')}_{name or 'var'}"
        variable = self.add_variable(
            shape=reference_variable.shape,
            initializer=initializer,
            dtype=reference_variable.dtype,
            name=full_name,
        )
        layout = getattr(reference_variable, "_layout", None)
        if layout is not None:
            # Under a keras.distribution, a slot is laid out as its model variable
            # (a sharded kernel's momentum is sharded the same way).
            variable._relayout(layout)
        return variable

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """Creates one variable per model variable for each of one or more names.

        With several names, the variables are created model variable by model
        variable (for Adam: momentum 0, velocity 0, momentum 1, velocity 1...), the
        order of Keras 3's weight files. A model variable with
        `overwrite_with_gradient` gets None.

        Args:
            trainable_variables: the model variables.
            name: a name, or a list of names.
            initializer: an initializer, or a list of one per name.

        Returns:
            A list of variables for a single name, else a tuple of such lists.
        """
        names = [name] if isinstance(name, str) else list(name)
        if isinstance(initializer, (list, tuple)):
            inits = list(initializer)
        else:
            inits = [initializer] * len(names)
        if len(names) != len(inits):
            raise ValueError(
                "The number of names must match the number of initializers. "
                f"Received: name={name}, initializer={initializer}."
            )
        created = tuple([] for _ in names)
        for variable in trainable_variables:
            for slots, slot_name, init in zip(created, names, inits):
                if getattr(variable, "overwrite_with_gradient", False):
                    slots.append(None)
                else:
                    slots.append(
                        self.add_variable_from_reference(variable, slot_name, init)
                    )
        return created[0] if isinstance(name, str) else created

    def build(self, variables):
        """Creates the optimizer's variables for the model variables `variables`.

        Subclasses call `super().build(variables)` first, then create their slots.
        """
        variables = list(variables)
        if self.use_ema:
            self._averages = self.add_optimizer_variables(variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulators = [
                self.add_variable_from_reference(v, "gradient_accumulator")
                for v in variables
            ]
        self._trainable_variables = variables
        self._variable_indices = {id(v): i for i, v in enumerate(variables)}
        self.built = True

    def _get_variable_index(self, variable):
        return self._variable_indices[id(variable)]

    def assign(self, variable, value):
        """Sets `variable` to `value` (the one way update rules write state)."""
        variable.assign(value)

    def assign_add(self, variable, value):
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        variable.assign_sub(value)

    # Applying gradients.
    def update_step(self, gradient, variable, learning_rate):
        """Updates one variable from its gradient; subclasses implement it."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement "
            "`update_step(gradient, variable, learning_rate)`."
        )

    def apply_gradients(self, grads_and_vars):
        """`apply` for a list of `(gradient, variable)` pairs; returns `iterations`."""
        grads_and_vars = list(grads_and_vars)
        grads = [g for g, _ in grads_and_vars]
        variables = [v for _, v in grads_and_vars]
        self.apply(grads, variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """Updates `trainable_variables` from their gradients `grads`.

        Builds the optimizer on the first call. `trainable_variables` may be omitted
        once built: `grads` then match the variables it was built with, in order.
        A None gradient leaves its variable unchanged (with a warning).
        """
        grads = [None if g is None else ops.convert_to_tensor(g) for g in grads]
        if not grads:
            return
        variables = self._variables_for(grads, trainable_variables)
        grads, variables = _drop_missing_gradients(grads, variables)
        grads, variables = self._overwrite_with_gradients(grads, variables)
        if grads:
            if self.loss_scale_factor is not None:
                grads = [g / self.loss_scale_factor for g in grads]
            self._apply_updates(grads, variables)
            for variable in variables:
                constraint = getattr(variable, "constraint", None)
                if constraint is not None:
                    variable.assign(constraint(variable))
        self._iterations.assign_add(1)

    def _variables_for(self, grads, trainable_variables):
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When `trainable_variables` is not passed, the optimizer must "
                    "already be built: call `optimizer.build(trainable_variables)`."
                )
            if len(grads) != len(self._trainable_variables):
                raise ValueError(
                    f"Received {len(grads)} gradients, but the optimizer was built on "
                    f"{len(self._trainable_variables)} variables; pass one gradient "
                    "per variable, in order."
                )
            return self._trainable_variables
        variables = list(trainable_variables)
        if len(variables) != len(grads):
            raise ValueError(
                f"Received {len(grads)} gradients for {len(variables)} variables; "
                "expected one gradient per variable."
            )
        if not self.built:
            self.build(variables)
        for variable in variables:
            if id(variable) not in self._variable_indices:
                raise ValueError(
                    f"Unknown variable '{variable.path}': this optimizer was built on "
                    "other variables. Create a new optimizer for a new set of "
                    "variables."
                )
        return variables

    def _overwrite_with_gradients(self, grads, variables):
        """Variables marked `overwrite_with_gradient` take their gradient as value.

        With gradient accumulation they take the running maximum of the gradients
        when the accumulated step is applied.
        """
        kept_grads, kept_vars = [], []
        for grad, variable in zip(grads, variables):
            if not getattr(variable, "overwrite_with_gradient", False):
                kept_grads.append(grad)
                kept_vars.append(variable)
            elif self.gradient_accumulation_steps:
                is_update = self._is_accumulation_step()
                accumulator = self._accumulators[self._get_variable_index(variable)]
                peak = ops.maximum(grad, accumulator)
                variable.assign(ops.where(is_update, peak, variable))
                accumulator.assign(ops.where(is_update, ops.zeros_like(peak), peak))
            else:
                variable.assign(grad)
        return kept_grads, kept_vars

    def _is_accumulation_step(self):
        steps = self.gradient_accumulation_steps
        return ops.equal(ops.mod(self._iterations + 1, steps), 0)

    def _apply_updates(self, grads, variables):
        if self.gradient_accumulation_steps:
            is_update = self._is_accumulation_step()
            accumulators = [
                self._accumulators[self._get_variable_index(v)] for v in variables
            ]
            sums = [a + ops.cast(g, a.dtype) for g, a in zip(grads, accumulators)]
            means = [s / self.gradient_accumulation_steps for s in sums]
            self._run_if(is_update, lambda: self._update(means, variables))
            for accumulator, total in zip(accumulators, sums):
                accumulator.assign(ops.where(is_update, ops.zeros_like(total), total))
        else:
            self._update(grads, variables)
        if self.use_ema:
            self._update_moving_averages()

    def _update(self, grads, variables):
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables)
        self._update_all(grads, variables, self.learning_rate)

    def _update_all(self, grads, variables, learning_rate):
        """Runs `update_step` on every variable (Nadam adds a shared step first)."""
        for grad, variable in zip(grads, variables):
            self.update_step(grad, variable, learning_rate)

    def _run_if(self, condition, update):
        """Runs `update` and keeps the assignments it makes only where `condition`.

        `update` runs in a StatelessScope over every variable it may touch; each
        variable it assigned then takes `where(condition, new, old)`. Both outcomes
        are computed, which is what lets a tensor condition trace under `jax.jit`
        and `tf.function`.
        """
        touched = self._trainable_variables + self.variables
        scope = stateless_scope.StatelessScope(
            state_mapping=[(v, v.value) for v in touched]
        )
        before = [scope.get_current_value(v) for v in touched]
        with scope:
            update()
        for variable, old in zip(touched, before):
            new = scope.get_current_value(variable)
            if new is not old:
                variable.assign(ops.where(condition, new, old))

    def _clip_gradients(self, grads):
        if self.clipnorm and self.clipnorm > 0:
            return [gradient_clipping.clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return gradient_clipping.clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return [ops.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    # Weight decay.
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exempts variables from weight decay; call it before the optimizer is built.

        Args:
            var_list: variables to exempt.
            var_names: strings (regular expressions); a variable whose name
                contains a match is exempt, e.g. `["bias"]`.
        """
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be called before the "
                "optimizer is built."
            )
        self._exclude_ids = {id(v) for v in var_list or ()}
        names = sorted(set(var_names or ()))
        self._exclude_pattern = re.compile("|".join(names)) if names else None

    def _use_weight_decay(self, variable):
        if id(variable) in self._exclude_ids:
            return False
        pattern = self._exclude_pattern
        return pattern is None or pattern.search(variable.name) is None

    def _apply_weight_decay(self, variables):
        if self.weight_decay is None:
            return
        for variable in variables:
            if self._use_weight_decay(variable):
                decay = ops.cast(self.weight_decay, variable.dtype)
                lr = ops.cast(self.learning_rate, variable.dtype)
                variable.assign(variable - variable * decay * lr)

    # Exponential moving average.
    def _update_moving_averages(self):
        # The first update copies the variables: the average starts at step 1.
        started = ops.not_equal(self.iterations, 0)
        for variable, average in zip(self._trainable_variables, self._averages):
            if average is None:
                continue
            momentum = ops.cast(started, variable.dtype) * self.ema_momentum
            average.assign(momentum * average + (1.0 - momentum) * variable)
        if self.ema_overwrite_frequency:
            frequency = self.ema_overwrite_frequency
            overwrite = ops.equal(ops.mod(self.iterations + 1, frequency), 0)
            for variable, average in zip(self._trainable_variables, self._averages):
                if average is not None:
                    variable.assign(ops.where(overwrite, average, variable))

    def finalize_variable_values(self, var_list):
        """Ends training: with `use_ema`, copies the moving averages into `var_list`."""
        if not self.use_ema:
            return
        if len(var_list) != len(self._averages):
            raise ValueError(
                f"`var_list` has {len(var_list)} variables, but the optimizer keeps "
                f"averages of {len(self._averages)}; pass the variables it was built "
                "on."
            )
        for variable, average in zip(var_list, self._averages):
            if average is not None:
                variable.assign(average)

    # Functional use (JAX).
    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        """`apply` as a pure function of values, for `jax.jit` training steps.

        Args:
            optimizer_variables: values of `self.variables`, in order.
            grads: the gradients, one per variable the optimizer was built on.
            trainable_variables: values of those variables, in order.

        Returns:
            `(new_trainable_values, new_optimizer_values)`; no variable is changed.
        """
        if not self.built:
            raise ValueError(
                f"To call `stateless_apply`, {type(self).__name__} must be built: "
                "call `optimizer.build(trainable_variables)` first."
            )
        variables = self.variables
        if len(optimizer_variables) != len(variables):
            raise ValueError(
                f"`optimizer_variables` must hold one value per variable of "
                f"`optimizer.variables` ({len(variables)}); received "
                f"{len(optimizer_variables)}."
            )
        if len(trainable_variables) != len(self._trainable_variables):
            raise ValueError(
                "`trainable_variables` must hold one value per variable the optimizer "
                f"was built on ({len(self._trainable_variables)}); received "
                f"{len(trainable_variables)}."
            )
        mapping = list(zip(self._trainable_variables, trainable_variables))
        mapping += list(zip(variables, optimizer_variables))
        with stateless_scope.StatelessScope(state_mapping=mapping) as scope:
            self.apply(grads)
        new_trainable = [scope.get_current_value(v) for v in self._trainable_variables]
        new_optimizer = [scope.get_current_value(v) for v in variables]
        return new_trainable, new_optimizer

    def scale_loss(self, loss):
        """The loss multiplied by `loss_scale_factor` (unchanged when it is None)."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # Weights.
    def set_weights(self, weights):
        """Sets the values of `variables` (the optimizer must be built)."""
        if not self.built:
            raise ValueError(
                "`set_weights()` needs a built optimizer: call "
                "`optimizer.build(trainable_variables)` first."
            )
        variables = self.variables
        if len(weights) != len(variables):
            raise ValueError(
                f"`set_weights()` expected {len(variables)} values; received "
                f"{len(weights)}."
            )
        for variable, weight in zip(variables, weights):
            variable.assign(weight)

    def save_own_variables(self, store):
        """Writes the variables' values to `store["0"]`, `store["1"]`..."""
        for i, variable in enumerate(self.variables):
            # A copy: on some backends `numpy()` shares the variable's memory.
            store[str(i)] = np.array(variable.numpy())

    def load_own_variables(self, store):
        """Reads the values `save_own_variables` wrote (warns on a count mismatch)."""
        variables = self.variables
        if len(store.keys()) != len(variables):
            warnings.warn(
                f"Skipping variable loading for optimizer '{self.name}': it has "
                f"{len(variables)} variables, the saved optimizer has "
                f"{len(store.keys())}."
                + (" It has not been built yet." if not self.built else ""),
                stacklevel=2,
            )
            return
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    # Configuration.
    def get_config(self):
        """The constructor arguments, as a JSON-friendly dict."""
        learning_rate = self._learning_rate
        if isinstance(learning_rate, active.Variable):
            learning_rate = float(learning_rate.numpy())
        else:
            learning_rate = serialization_lib.serialize_keras_object(learning_rate)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates an optimizer from the dict `get_config()` returned."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = serialization_lib.deserialize_keras_object(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)


def _check_learning_rate_value(value, given):
    # A negative rate would climb the loss; NaN or inf would wreck every weight at the
    # first step. Both used to pass silently.
    if not np.isfinite(value) or value < 0:
        raise ValueError(
            "Argument `learning_rate` must be a non-negative finite number (or a "
            f"LearningRateSchedule or callable); received learning_rate={given!r}."
        )


_LEARNING_RATE_ERROR = (
    "Argument `learning_rate` should be a float, a LearningRateSchedule, or a "
    "callable that returns the learning rate. Received: learning_rate={!r}"
)


def _check_arguments(
    clipnorm,
    clipvalue,
    global_clipnorm,
    use_ema,
    ema_momentum,
    ema_overwrite_frequency,
    gradient_accumulation_steps,
):
    clips = {"clipnorm": clipnorm, "clipvalue": clipvalue}
    clips["global_clipnorm"] = global_clipnorm
    if sum(value is not None for value in clips.values()) > 1:
        raise ValueError(
            "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
            f"Received: {clips}."
        )
    if gradient_accumulation_steps is not None and (
        not isinstance(gradient_accumulation_steps, int)
        or gradient_accumulation_steps < 2
    ):
        raise ValueError(
            "`gradient_accumulation_steps` must be an integer >= 2. Received: "
            f"gradient_accumulation_steps={gradient_accumulation_steps}"
        )
    if use_ema:
        if not 0 <= ema_momentum <= 1:
            raise ValueError(
                "`ema_momentum` must be in [0, 1]. Received: "
                f"ema_momentum={ema_momentum}"
            )
        if ema_overwrite_frequency is not None and (
            not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
        ):
            raise ValueError(
                "`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
                f"ema_overwrite_frequency={ema_overwrite_frequency}"
            )


def _drop_missing_gradients(grads, variables):
    """Leaves out the variables whose gradient is None, with a warning."""
    kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
    if not kept:
        raise ValueError("No gradients provided for any variable.")
    if len(kept) < len(grads):
        missing = [v.path for g, v in zip(grads, variables) if g is None]
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing the "
            "loss. If using `model.compile()`, did you forget to provide a `loss` "
            "argument?"
        )
    return [g for g, _ in kept], [v for _, v in kept]
