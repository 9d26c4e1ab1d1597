"""JAX trainer: a jit-compiled, stateless train step.

The step is a pure function `(state, batch) -> (logs, state)` where the state holds the
values of the trainable, non-trainable, optimizer and metric variables. It is traced once
per input shape with `jax.jit`; between steps the new values are written back to the
Variables (a reference swap: JAX arrays are immutable), so callbacks and user code always
see current weights.
"""

import functools

import jax
import numpy as np

from keras.backends.common import distribution_state
from keras.backends.common import tree
from keras.backends.common.stateless_scope import StatelessScope
from keras.trainers import jax_sharding
from keras.trainers.trainer import BaseTrainer
from keras.trainers.trainer import batch_dtype

# NumPy dtypes a jitted step takes as they are (JAX keeps them without x64).
_JIT_DTYPES = frozenset(
    np.dtype(name)
    for name in (
        "bool", "int8", "int16", "int32", "uint8", "uint16", "uint32", "float16", "float32",
    )
)


def _copies(arrays):
    """Fresh buffers holding the same values, laid out alike (a runtime copy: nothing to
    compile)."""
    if all(a.is_fully_addressable for a in jax.tree.leaves(arrays)):
        return jax.device_put(arrays, may_alias=False)
    # Arrays spanning other processes' devices are copied onto their own sharding.
    return jax.tree.map(
        lambda a: jax.device_put(
            a, None if a.is_fully_addressable else a.sharding, may_alias=False
        ),
        arrays,
    )


def _write(variables, values):
    for variable, value in zip(variables, values):
        if value is not None:  # None: unchanged by the step (see _moved)
            variable._direct_assign(value)


def _moved(values, inputs):
    """Inside a traced step: `values` with None where a value is its input unchanged.
    XLA copies every output that is an input; returning the frozen int8 kernels of a
    quantized model from predict copied 25 MB per batch (int8 MLP, 32 rows: 16.5 ms
    -> 4.6-7.8 ms)."""
    return [None if value is given else value for value, given in zip(values, inputs)]


class Trainer(BaseTrainer):
    @staticmethod
    def _value_and_grad(function, values):
        return jax.value_and_grad(function)(list(values))

    @staticmethod
    def _traced(function):
        return jax.jit(function)

    def _resolve_jit_compile(self, jit_compile):
        return True if jit_compile == "auto" else bool(jit_compile)

    def _step_inputs(self, batch):
        # A jitted step takes NumPy arrays and moves them to the device itself, faster
        # than converting each one first; the dtypes are those `_to_tensors` gives.
        if self.run_eagerly or not self.jit_compile:
            return self._to_tensors(batch)

        def convert(value):
            if type(value) is np.ndarray:
                target = batch_dtype(value.dtype)
                if target is not None:
                    value = value.astype(target)
                if value.dtype in _JIT_DTYPES:
                    return value
            return self._to_tensors(value)

        return tree.map_structure(convert, batch)

    def _peek(self, adapter, what):
        # The model is built from the first batch: under a distribution, that batch
        # is a global array too (in a multi-process job every process builds alike).
        first, started = super()._peek(adapter, what)
        distribution = distribution_state.current()
        if distribution is not None:
            first = jax_sharding.distribute_batch(first, distribution)
        return first, started

    def _state_variables(self):
        return (
            self.trainable_variables,
            self.non_trainable_variables,
            self.optimizer.variables if self.optimizer is not None else [],
            self.metrics_variables,
        )

    def _metric_scope_results(self, metric_vars, metric_values, update):
        with StatelessScope(list(zip(metric_vars, metric_values))) as scope:
            logs = update()
            new_values = [scope.get_current_value(v) for v in metric_vars]
            new_values = [
                value if value is not None else variable.value
                for value, variable in zip(new_values, metric_vars)
            ]
        return logs, new_values

    def _compute_loss_and_updates(
        self, trainable, non_trainable, metric_values, x, y, sample_weight, training,
        metric_vars=(),
    ):
        """The loss as a pure function of the state, for `jax.value_and_grad`.

        Returns `(loss to differentiate, (y_pred, non_trainable, loss, metric_values,
        trainable))`, where `trainable` holds the weights as the call left them (a layer
        may assign to one, e.g. SpectralNormalization):
        the metric values (those of `metric_vars`, in order) come back changed when
        computing the loss updates metrics (an overridden `compute_loss`, the per-output
        loss trackers), as the aux output carries them out of the traced function.
        """
        if type(self).compute_loss is not BaseTrainer.compute_loss:
            return self._custom_loss_and_updates(
                trainable, non_trainable, metric_values, x, y, sample_weight, training,
                metric_vars,
            )
        y_pred, assigned, non_trainable, losses = self._stateless_forward(
            trainable, non_trainable, (x,), {"training": training}, True
        )
        from keras import ops

        total = None
        compile_loss = self._compile_loss
        if compile_loss is not None and y is not None:
            if compile_loss.metrics:
                # The per-output loss trackers update inside the loss.
                with StatelessScope(list(zip(metric_vars, metric_values))) as scope:
                    total = compile_loss(y, y_pred, sample_weight)
                    metric_values = [scope.get_current_value(v) for v in metric_vars]
            else:
                total = compile_loss(y, y_pred, sample_weight)
        for extra in losses:
            extra = ops.cast(extra, "float32")
            total = extra if total is None else total + extra
        if total is None:
            if self._compile_loss is not None:
                # As on the other backends: the data, not the model, lacks something.
                raise ValueError(
                    "The data gives no targets `y` for the compiled loss."
                )
            raise ValueError(
                "No loss to compute: compile the model with a `loss`, or add losses with "
                "`add_loss` in `call`."
            )
        return self._loss_and_aux(
            total, y_pred, non_trainable, metric_values, training, assigned
        )

    def _loss_and_aux(
        self, total, y_pred, non_trainable, metric_values, training, assigned
    ):
        aux = (y_pred, non_trainable, total, metric_values, assigned)
        if training and self.optimizer is not None:
            # Gradients of the scaled loss; the reported loss stays unscaled.
            return self.optimizer.scale_loss(total), aux
        return total, aux

    def _custom_loss_and_updates(
        self, trainable, non_trainable, metric_values, x, y, sample_weight, training,
        metric_vars,
    ):
        """`_compute_loss_and_updates` through the model's own `compute_loss`.

        The forward pass and `compute_loss` run in one StatelessScope over the weights
        and the metric variables: `self.losses` gives the losses of this call (with the
        weight penalties of the traced weights), and the metrics `compute_loss` updates
        leave their new values in the scope instead of in the Variables.
        """
        trainable_vars = self.trainable_variables
        non_trainable_vars = self.non_trainable_variables
        mapping = [
            *zip(trainable_vars, trainable),
            *zip(non_trainable_vars, non_trainable),
            *zip(metric_vars, metric_values),
        ]
        own_losses = self._losses
        with StatelessScope(mapping, collect_losses=True) as scope:
            y_pred = self(x, training=training)
            # The losses `add_loss` gave in this call, where `self.losses` reads them
            # (the model's own list); emptied after: no traced value outlives the step.
            own_losses[:] = scope.losses
            try:
                total = self.compute_loss(
                    x=x,
                    y=y,
                    y_pred=y_pred,
                    sample_weight=sample_weight,
                    training=training,
                )
            finally:
                own_losses.clear()
            assigned = [scope.get_current_value(v) for v in trainable_vars]
            non_trainable = [scope.get_current_value(v) for v in non_trainable_vars]
            metric_values = [scope.get_current_value(v) for v in metric_vars]
        if total is None:
            raise ValueError(
                f"{type(self).__name__}.compute_loss returned None; it must return the "
                "loss as a scalar tensor."
            )
        return self._loss_and_aux(
            total, y_pred, non_trainable, metric_values, training, assigned
        )

    def _make_train_step(self):
        state_vars = self._state_variables()
        metric_vars = state_vars[3]
        layouts = [jax_sharding.layouts(group) for group in state_vars]
        grad_fn = jax.value_and_grad(
            functools.partial(self._compute_loss_and_updates, metric_vars=metric_vars),
            has_aux=True,
        )

        def step(params, metric_values, data):
            trainable, non_trainable, optimizer_values = params
            x, y, sample_weight = self._unpack(data)
            (_, (y_pred, non_trainable, loss, metric_values, assigned)), grads = grad_fn(
                trainable, non_trainable, metric_values, x, y, sample_weight, True
            )
            # The update starts from the weights as the call left them (the same
            # values unless a layer assigned to one).
            trainable, optimizer_values = self.optimizer.stateless_apply(
                optimizer_values, grads, assigned
            )

            def update():
                self._loss_tracker.update_state(loss, sample_weight=self._batch_size(x))
                return self.compute_metrics(x, y, y_pred, sample_weight)

            logs, metric_values = self._metric_scope_results(metric_vars, metric_values, update)
            state = [trainable, non_trainable, optimizer_values, metric_values]
            state = [
                jax_sharding.constrain(values, group) for values, group in zip(state, layouts)
            ]
            return logs, tuple(state[:3]), state[3]

        return step

    def _make_test_step(self):
        state_vars = self._state_variables()
        metric_vars = state_vars[3]
        layouts = [jax_sharding.layouts(state_vars[1]), jax_sharding.layouts(metric_vars)]

        def step(state, data):
            trainable, non_trainable, metric_values = state
            x, y, sample_weight = self._unpack(data)
            loss, (y_pred, non_trainable, _, metric_values, _) = (
                self._compute_loss_and_updates(
                    trainable, non_trainable, metric_values, x, y, sample_weight, False,
                    metric_vars=metric_vars,
                )
            )

            def update():
                self._loss_tracker.update_state(loss, sample_weight=self._batch_size(x))
                return self.compute_metrics(x, y, y_pred, sample_weight)

            logs, metric_values = self._metric_scope_results(metric_vars, metric_values, update)
            non_trainable = jax_sharding.constrain(non_trainable, layouts[0])
            metric_values = jax_sharding.constrain(metric_values, layouts[1])
            return logs, (trainable, non_trainable, metric_values)

        return step

    def _jit(self, function, donate_argnums=()):
        if self.run_eagerly or not self.jit_compile:
            return function
        return jax.jit(function, donate_argnums=donate_argnums)

    def jax_state_sync(self):
        """Writes the training state kept between steps back into the Variables."""
        pending = self.__dict__.pop("_jax_state", None)
        if pending is not None:
            variables, state = pending
            for group, values in zip(variables, state):
                _write(group, values)

    def _sync_state(self):
        self.jax_state_sync()

    def make_train_function(self):
        variables = self._state_variables()
        # The weights and optimizer state are donated to the step: XLA writes their new
        # values over the old buffers instead of allocating new ones (about a fifth of
        # an MLP step on CPU). The step only ever receives arrays no one else holds.
        raw_step = self._make_train_step()
        step = self._jit(raw_step, donate_argnums=0)
        donating = step is not raw_step

        def run(data):
            distribution = distribution_state.current()
            if distribution is not None:
                data = jax_sharding.distribute_batch(data, distribution)
            # Between steps the state stays in JAX arrays; it is written back to the
            # Variables when anything may read them (callbacks accessing the model,
            # evaluate, the end of an epoch), as `jax_state_sync` does.
            pending = self.__dict__.get("_jax_state")
            if pending is not None and pending[0] is variables:
                params, metric_values = pending[1][:3], pending[1][3]
            else:
                self.jax_state_sync()
                params = tuple([v.value for v in group] for group in variables[:3])
                metric_values = [v.value for v in variables[3]]
                if donating:
                    # The Variables keep theirs; the step is given copies to donate.
                    params = _copies(params)
            logs, params, metric_values = step(params, metric_values, data)
            self.__dict__["_jax_state"] = (variables, (*params, metric_values))
            return logs

        return run

    def make_test_function(self):
        trainable_vars, non_trainable_vars, _, metric_vars = self._state_variables()
        groups = (trainable_vars, non_trainable_vars, metric_vars)
        step = self._jit(self._make_test_step())

        def run(data):
            distribution = distribution_state.current()
            if distribution is not None:
                data = jax_sharding.distribute_batch(data, distribution)
            self.jax_state_sync()
            state = tuple([v.value for v in group] for group in groups)
            logs, state = step(state, data)
            # The non-trainable state a call moves (the states of a stateful RNN, seed
            # generators) carries to the next batch, as on the other backends.
            _write(non_trainable_vars, state[1])
            _write(metric_vars, state[2])
            return logs

        return run

    def make_predict_function(self):
        trainable_vars = self.trainable_variables
        non_trainable_vars = self.non_trainable_variables
        # A call may assign variables that are not weights: the states of a stateful
        # RNN, kept among the metric variables (keras.layers.rnn.rnn._Held). The jitted
        # step takes them as inputs and returns their new values, written back after
        # each batch, so that the next batch (and the next predict) starts from them,
        # as on the other backends; a variable only read inside jit would be frozen at
        # its value when the step was traced.
        weights = {id(v) for v in trainable_vars} | {id(v) for v in non_trainable_vars}
        state_vars = [v for v in self.metrics_variables if id(v) not in weights]

        def predict(trainable, non_trainable, states, data):
            given = (non_trainable, states)
            x, _, _ = self._unpack(data)
            mapping = [
                *zip(trainable_vars, trainable),
                *zip(non_trainable_vars, non_trainable),
                *zip(state_vars, states),
            ]
            with StatelessScope(mapping) as scope:
                outputs = self(x, training=False)
                non_trainable = [scope.get_current_value(v) for v in non_trainable_vars]
                states = [scope.get_current_value(v) for v in state_vars]
            distribution = distribution_state.current()
            if distribution is not None:
                outputs = jax_sharding.split_outputs(outputs, distribution)
            non_trainable = jax_sharding.constrain(non_trainable, layouts[0])
            states = jax_sharding.constrain(states, layouts[1])
            return outputs, _moved(non_trainable, given[0]), _moved(states, given[1])

        layouts = [
            jax_sharding.layouts(non_trainable_vars), jax_sharding.layouts(state_vars)
        ]
        step = self._jit(predict)

        def run(data):
            distribution = distribution_state.current()
            if distribution is not None:
                data = jax_sharding.distribute_batch(data, distribution)
            self.jax_state_sync()
            outputs, non_trainable, states = step(
                [v.value for v in trainable_vars],
                [v.value for v in non_trainable_vars],
                [v.value for v in state_vars],
                data,
            )
            _write(non_trainable_vars, non_trainable)
            _write(state_vars, states)
            if distribution is not None and jax.process_count() > 1:
                outputs = tree.map_structure(jax_sharding.process_rows, outputs)
            return outputs

        return run
