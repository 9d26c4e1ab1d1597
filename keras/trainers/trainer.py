"""The backend-neutral training loop: compile, fit, evaluate, predict.

`Model` inherits `Trainer`, the class of the active backend's trainer module
(keras/trainers/<backend>_trainer.py), which supplies the compiled step functions:
`make_train_function`, `make_test_function` and `make_predict_function`, each returning
`step(batch) -> logs or outputs`. This module owns the loops, callbacks, data and metrics.
"""

import collections.abc
import inspect
import itertools
import warnings

import numpy as np

from keras.backends import active
from keras.backends.common import distribution_state
from keras.backends.common import tree
from keras.trainers import compile_utils
from keras.trainers import training_limits


class LazyLogs(collections.abc.Mapping):
    """The logs of a training step, computed on first read (all at once).

    The fit loop passes a step's logs to the callbacks only; `CallbackList` reads them
    at once, in the same step, for the callbacks that act on batches, and no one reads
    them otherwise, so the metric results are not computed at every step for nothing.
    """

    def __init__(self, compute):
        self._compute = compute
        self._logs = None

    def _materialized(self):
        if self._logs is None:
            self._logs = self._compute()
            self._compute = None
        return self._logs

    def __getitem__(self, key):
        return self._materialized()[key]

    def __iter__(self):
        return iter(self._materialized())

    def __len__(self):
        return len(self._materialized())

    def __repr__(self):
        return repr(self._materialized())


def batch_dtype(dtype):
    """The dtype a NumPy batch array of `dtype` is given to the step in, or None to keep
    it: float64 becomes float32, and on JAX int64 becomes int32 (what JAX without x64
    stores anyway, without its warning)."""
    if dtype == np.float64:
        return "float32"
    if dtype == np.int64 and active.name == "jax":
        return "int32"
    return None


def _set(obj, name, value):
    """Sets an attribute without layer tracking (compile state is not model state)."""
    obj.__dict__[name] = value


class BaseTrainer:
    """compile / fit / evaluate / predict, shared by every backend."""

    @staticmethod
    def _value_and_grad(function, values):
        """`function(values)` (a scalar tensor) and its gradient with respect to each
        tensor of `values`: dense, and zeros where `function` does not depend on one.

        The trainers of the backends that train override this with their engine's
        autodiff, so that code above the backends (the test helpers) can differentiate
        without naming an engine.
        """
        raise NotImplementedError(
            f"The {active.name} backend has no automatic differentiation: gradients "
            "need KERAS_BACKEND=jax, torch or tensorflow."
        )

    @staticmethod
    def _traced(function):
        """`function` compiled as this backend's trainer compiles its steps by default
        (`jax.jit`, `tf.function`), or unchanged where steps run eagerly; like
        `_value_and_grad`, for the test helpers."""
        return function

    def _trainer_init(self):
        d = self.__dict__
        d.setdefault("compiled", False)
        d.setdefault("optimizer", None)
        d.setdefault("stop_training", False)
        d.setdefault("history", None)
        d.setdefault("_compile_loss", None)
        d.setdefault("_compile_metrics", None)
        d.setdefault("_loss_tracker", None)
        d.setdefault("_step_functions", {})
        d.setdefault("run_eagerly", False)
        d.setdefault("jit_compile", self._resolve_jit_compile("auto"))
        d.setdefault("steps_per_execution", 1)

    # compile
    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        loss_weights=None,
        metrics=None,
        weighted_metrics=None,
        run_eagerly=False,
        steps_per_execution=1,
        jit_compile="auto",
        auto_scale_loss=True,
    ):
        """Configures the model for training (see Keras 3's `Model.compile`)."""
        from keras import metrics as metrics_lib
        from keras import optimizers

        self._trainer_init()
        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(
                f"compile: `steps_per_execution` must be a positive int; got "
                f"{steps_per_execution!r}."
            )
        if jit_compile not in ("auto", True, False):
            raise ValueError(
                f"compile: `jit_compile` must be 'auto', True or False; got {jit_compile!r}."
            )
        _set(self, "optimizer", optimizers.get(optimizer))
        _set(self, "_compile_loss", compile_utils.CompileLoss(loss, loss_weights) if loss is not None else None)
        has_metrics = metrics is not None or weighted_metrics is not None
        _set(self, "_compile_metrics", compile_utils.CompileMetrics(metrics, weighted_metrics) if has_metrics else None)
        _set(self, "_loss_tracker", metrics_lib.Mean(name="loss"))
        _set(self, "run_eagerly", bool(run_eagerly))
        _set(self, "steps_per_execution", steps_per_execution)
        _set(self, "jit_compile", self._resolve_jit_compile(jit_compile))
        _set(self, "_step_functions", {})
        _set(self, "_compile_config", {
            "optimizer": optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
            "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
        })
        _set(self, "compiled", True)

    def _resolve_jit_compile(self, jit_compile):
        return False if jit_compile == "auto" else bool(jit_compile)

    def get_compile_config(self):
        """The arguments `compile` was given, serialized (None before `compile`)."""
        if not self.__dict__.get("compiled"):
            return None
        from keras.saving import serialization_lib

        config = dict(self.__dict__.get("_compile_config") or {})
        # The optimizer object (not the argument) carries the state that is saved.
        if not isinstance(config.get("optimizer"), str):
            config["optimizer"] = self.optimizer
        return serialization_lib.serialize_keras_object(config)

    def compile_from_config(self, config):
        """Compiles with the arguments `get_compile_config` returned, and creates the
        optimizer's variables so that a saved optimizer state can be loaded."""
        from keras.saving import serialization_lib

        if type(self).compile is not BaseTrainer.compile:
            warnings.warn(
                f"compile() was not called while loading '{self.name}' because its "
                "class overrides compile(); compile the model yourself.",
                stacklevel=2,
            )
            return
        if not isinstance(config, dict):
            raise ValueError(
                f"compile_config must be a dict of compile() arguments; got {config!r}."
            )
        arguments = serialization_lib.deserialize_keras_object(config)
        allowed = set(inspect.signature(BaseTrainer.compile).parameters) - {"self"}
        unknown = sorted(set(arguments) - allowed)
        if unknown:
            warnings.warn(
                f"compile_config: ignoring unknown compile() arguments {unknown}.",
                stacklevel=2,
            )
        self.compile(**{k: v for k, v in arguments.items() if k in allowed})
        if self.optimizer is not None and self.built:
            self.optimizer.build(self.trainable_variables)

    @property
    def metrics(self):
        """The loss tracker, the per-output loss trackers (two or more losses) and the
        compiled metrics (the last two once built by a first batch)."""
        found = []
        tracker = self.__dict__.get("_loss_tracker")
        if tracker is not None:
            found.append(tracker)
        compiled_loss = self.__dict__.get("_compile_loss")
        if compiled_loss is not None:
            found.extend(compiled_loss.metrics)
        compiled = self.__dict__.get("_compile_metrics")
        if compiled is not None and compiled.built:
            found.extend(compiled.metrics)
        return found

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    @property
    def metrics_variables(self):
        return [v for m in self.metrics for v in m.variables]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def _assert_compiled(self, what):
        if not self.__dict__.get("compiled"):
            raise RuntimeError(
                f"You must call `compile()` before using the model in `{what}`: e.g. "
                "model.compile(optimizer='adam', loss='mse')."
            )

    # Losses and metrics inside a step.
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss of `y_pred` against `y`, plus the model's own losses."""
        from keras import ops

        total = None
        if self._compile_loss is not None and y is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        for extra in self.losses:
            extra = ops.cast(extra, "float32")
            total = extra if total is None else ops.add(total, extra)
        if total is None:
            if self._compile_loss is None:
                raise ValueError(
                    "No loss to compute: compile the model with a `loss`, or add losses with "
                    "`add_loss` in `call`."
                )
            raise ValueError("The data gives no targets `y` for the compiled loss.")
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        self._update_compiled_metrics(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def _update_compiled_metrics(self, y, y_pred, sample_weight):
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)

    def _default_step_and_metrics(self, trainer_class):
        """Whether `train_step`, `compute_metrics` and `get_metrics_result` are the
        trainer's own (not overridden), so a step's logs may be computed lazily."""
        cls = type(self)
        return (
            cls.train_step is trainer_class.train_step
            and cls.compute_metrics is BaseTrainer.compute_metrics
            and cls.get_metrics_result is BaseTrainer.get_metrics_result
        )

    def get_metrics_result(self):
        return {metric.name: metric.result() for metric in self.metrics}

    def _build_compiled(self, x, y):
        """Builds the model, optimizer, loss and metrics from one batch."""
        y_pred = None
        if not self.built:
            y_pred = self(x)
        elif y is not None:
            metrics_unbuilt = (
                self._compile_metrics is not None and not self._compile_metrics.built
            )
            # The loss needs only the structure of the outputs: symbolic outputs give it
            # without running the model (an eager pass compiles every op on JAX, a
            # quarter of the first epoch of an MLP). Metrics are updated once with
            # values, so they get a real forward pass.
            y_pred = self(x) if metrics_unbuilt else self._output_specs(x)
        if y is not None:
            if self._compile_loss is not None and not self._compile_loss.built:
                self._compile_loss.build(self, y, y_pred)
            if self._compile_metrics is not None and not self._compile_metrics.built:
                self._compile_metrics.build(self, y, y_pred, self._compile_loss)
                # Some metrics (F1Score, R2Score...) create their state on the first
                # update; do it now, eagerly, so compiled steps see all the state.
                self._compile_metrics.update_state(y, y_pred)
                self.reset_metrics()
        if self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)

    def _output_specs(self, x):
        """KerasTensors standing for `self(x)` (the model run on symbolic inputs of the
        batch's shapes and dtypes), or `self(x)` itself when the model cannot run
        symbolically."""
        from keras.backends.common import dtypes
        from keras.backends.common.keras_tensor import KerasTensor

        def spec(value):
            if value is None:
                return None
            dtype = dtypes.dtype_of(value)
            if dtype in ("float64", "int64"):
                dtype = batch_dtype(np.dtype(dtype)) or dtype
            return KerasTensor(tuple(active.shape(value)), dtype=dtype)

        try:
            return self.compute_output_spec(tree.map_structure(spec, x))
        except Exception:  # a model whose call needs values: run it
            return self(x)

    # Data.
    @staticmethod
    def _to_tensors(batch):
        def convert(value):
            if value is None or active.is_tensor(value):
                return value
            array = np.asarray(value)
            return active.convert_to_tensor(array, dtype=batch_dtype(array.dtype))

        return tree.map_structure(convert, batch)

    def _adapter(self, x, y, sample_weight, batch_size, steps, shuffle, class_weight=None):
        from keras.trainers import data_adapters

        distribution = distribution_state.current()
        if distribution is not None:
            # In a multi-process job, each process reads its shard of a dataset
            # (keras.distribution's `auto_shard_dataset`); arrays come as given.
            x = distribution.distribute_dataset(x)
        return data_adapters.get_data_adapter(
            x,
            y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps,
            shuffle=shuffle,
            class_weight=class_weight,
        )

    def _peek(self, adapter, what):
        """Starts an epoch and takes its first batch (to build the model from it);
        returns (first batch as tensors, an iterator over the whole epoch)."""
        adapter.on_epoch_begin()
        iterator = iter(adapter.get_numpy_iterator())
        try:
            first = next(iterator)
        except StopIteration:
            raise ValueError(f"{what}: the data is empty (it gave no batch).") from None
        return self._to_tensors(first), itertools.chain([first], iterator)

    def _batches(self, adapter, steps=None, skip=0, started=None):
        """Yields (step, batch as backend tensors) for one epoch (`started`: an epoch
        iterator from `_peek`). `keras.config.set_max_steps_per_epoch` caps the steps."""
        steps = training_limits.cap_steps(steps)
        if started is None:
            adapter.on_epoch_begin()
            started = adapter.get_numpy_iterator()
        for step, batch in enumerate(started):
            if steps is not None and step >= steps:
                break
            if step < skip:
                continue
            yield step, self._step_inputs(batch)
        adapter.on_epoch_end()

    def _step_inputs(self, batch):
        """A batch of the data loop as the step functions take it: backend tensors
        (a backend whose compiled steps take NumPy arrays themselves may skip that)."""
        return self._to_tensors(batch)

    def _callbacks(self, callbacks, verbose, epochs, steps, add_history):
        from keras.callbacks import CallbackList

        if verbose == "auto":
            verbose = 1
        steps = training_limits.cap_steps(steps, warn=True)
        return CallbackList(
            callbacks,
            add_history=add_history,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=epochs,
            steps=steps,
        )

    @staticmethod
    def _python_logs(logs):
        """Logs as Python floats; a metric with a vector result (e.g. F1Score with
        average=None) stays a NumPy array, as in Keras 3."""
        python = {}
        for key, value in logs.items():
            value = np.asarray(active.convert_to_numpy(value))
            python[key] = float(value) if value.ndim == 0 else value
        return python

    # fit
    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
    ):
        """Trains the model for `epochs` epochs; returns the History callback."""
        from keras.trainers import data_adapters

        self._assert_compiled("fit")
        self._check_can_train()
        if not isinstance(epochs, int) or epochs < 0:
            raise ValueError(f"fit: `epochs` must be a non-negative int; got {epochs!r}.")
        epochs = training_limits.cap_epochs(epochs)
        if validation_split and validation_data is None:
            if not 0.0 < validation_split < 1.0:
                raise ValueError(
                    f"fit: `validation_split` must be in (0, 1); got {validation_split!r}."
                )
            (x, y, sample_weight), validation_data = data_adapters.train_validation_split(
                (x, y, sample_weight), validation_split=validation_split
            )
        adapter = self._adapter(x, y, sample_weight, batch_size, steps_per_epoch, shuffle, class_weight)
        steps = steps_per_epoch or adapter.num_batches
        callback_list = self._callbacks(callbacks, verbose, epochs, steps, add_history=True)
        self.stop_training = False
        first, started = self._peek(adapter, "fit")
        fx, fy, _ = data_adapters.unpack_x_y_sample_weight(first)
        self._build_compiled(fx, fy)
        train_step = self._step_function("train")
        val_adapter = None
        if validation_data is not None:
            vx, vy, vsw = data_adapters.unpack_x_y_sample_weight(validation_data)
            val_adapter = self._adapter(
                vx, vy, vsw, validation_batch_size or batch_size, validation_steps, False
            )
        self._initial_step = 0
        callback_list.on_train_begin()
        initial_epoch, initial_step = self._resume_point(callback_list, initial_epoch)
        training_logs = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            logs = {}
            skip = initial_step if epoch == initial_epoch else 0
            for step, batch in self._batches(adapter, steps=steps, skip=skip, started=started):
                callback_list.on_train_batch_begin(step)
                logs = train_step(batch)
                callback_list.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            started = None
            self._sync_state()
            epoch_logs = self._python_logs(self.get_metrics_result())
            if val_adapter is not None and self._due(epoch, validation_freq):
                val_logs = self._evaluate_adapter(val_adapter, validation_steps, callback_list)
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        self._sync_state()
        if self.optimizer is not None and hasattr(self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_variables)
        callback_list.on_train_end(training_logs)
        return self.history

    @staticmethod
    def _due(epoch, validation_freq):
        if isinstance(validation_freq, int):
            return (epoch + 1) % validation_freq == 0
        return epoch + 1 in validation_freq

    def _resume_point(self, callback_list, initial_epoch):
        epoch, step = initial_epoch, 0
        for callback in getattr(callback_list, "callbacks", []):
            resumed = getattr(callback, "_initial_epoch", None)
            if resumed is not None:
                epoch = max(epoch, int(resumed))
                step = int(getattr(callback, "_initial_step", 0) or 0)
        return epoch, step

    def _check_can_train(self):
        pass

    def _sync_state(self):
        """Backends that keep training state outside the variables write it back here."""

    # evaluate
    def _evaluate_adapter(self, adapter, steps, callback_list, started=None):
        self.reset_metrics()
        test_step = self._step_function("test")
        callback_list.on_test_begin()
        logs = {}
        for step, batch in self._batches(adapter, steps=steps, started=started):
            callback_list.on_test_batch_begin(step)
            logs = test_step(batch)
            callback_list.on_test_batch_end(step, logs)
        self._sync_metrics()
        logs = self._python_logs(self.get_metrics_result())
        callback_list.on_test_end(logs)
        return logs

    def _sync_metrics(self):
        """Backends that keep metric state outside the variables write it back here."""

    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose="auto",
        sample_weight=None,
        steps=None,
        callbacks=None,
        return_dict=False,
        **kwargs,
    ):
        """Returns the loss and metrics on the data (a list, or a dict with return_dict)."""
        from keras.trainers import data_adapters

        self._assert_compiled("evaluate")
        adapter = self._adapter(x, y, sample_weight, batch_size, steps, False)
        first, started = self._peek(adapter, "evaluate")
        bx, by, _ = data_adapters.unpack_x_y_sample_weight(first)
        self._build_compiled(bx, by)
        callback_list = self._callbacks(
            callbacks, verbose, 1, steps or adapter.num_batches, add_history=False
        )
        logs = self._evaluate_adapter(adapter, steps, callback_list, started=started)
        if return_dict:
            return logs
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    # predict
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs on `x`, batch by batch, as NumPy arrays."""
        adapter = self._adapter(x, None, None, batch_size, steps, False)
        predict_step = self._step_function("predict")
        callback_list = self._callbacks(
            callbacks, verbose, 1, steps or adapter.num_batches, add_history=False
        )
        callback_list.on_predict_begin()
        outputs = []
        for step, batch in self._batches(adapter, steps=steps):
            callback_list.on_predict_batch_begin(step)
            out = predict_step(batch)
            outputs.append(tree.map_structure(lambda t: np.asarray(active.convert_to_numpy(t)), out))
            callback_list.on_predict_batch_end(step, {"outputs": out})
        callback_list.on_predict_end()
        if not outputs:
            raise ValueError("predict: the input data is empty.")
        flat = [tree.flatten(o) for o in outputs]
        joined = [np.concatenate(parts, axis=0) for parts in zip(*flat)]
        return tree.pack_sequence_as(outputs[0], joined)

    # On one batch.
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """Runs one gradient update on one batch; returns the loss and metrics."""
        self._assert_compiled("train_on_batch")
        self._check_can_train()
        batch = self._whole_batch(self._one_batch_adapter(x, y, sample_weight, class_weight))
        from keras.trainers import data_adapters

        bx, by, _ = data_adapters.unpack_x_y_sample_weight(batch)
        self._build_compiled(bx, by)
        self.reset_metrics()
        self._step_function("train")(batch)
        self._sync_state()
        return self._batch_result(return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss and metrics on one batch."""
        self._assert_compiled("test_on_batch")
        batch = self._whole_batch(self._one_batch_adapter(x, y, sample_weight))
        from keras.trainers import data_adapters

        bx, by, _ = data_adapters.unpack_x_y_sample_weight(batch)
        self._build_compiled(bx, by)
        self.reset_metrics()
        self._step_function("test")(batch)
        self._sync_metrics()
        return self._batch_result(return_dict)

    def predict_on_batch(self, x):
        """The outputs on one batch, as NumPy arrays."""
        out = self._step_function("predict")(self._to_tensors((x,)))
        return tree.map_structure(lambda t: np.asarray(active.convert_to_numpy(t)), out)

    def _one_batch_adapter(self, x, y, sample_weight, class_weight=None):
        """An adapter that yields all of `x` as a single batch."""
        size = len(tree.flatten(x)[0])
        return self._adapter(x, y, sample_weight, size, None, False, class_weight)

    def _whole_batch(self, adapter):
        (batch,) = list(adapter.get_numpy_iterator())
        return self._to_tensors(batch)

    def _batch_result(self, return_dict):
        logs = self._python_logs(self.get_metrics_result())
        if return_dict:
            return logs
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    def _step_function(self, kind):
        functions = self.__dict__.setdefault("_step_functions", {})
        if kind not in functions:
            maker = {
                "train": self.make_train_function,
                "test": self.make_test_function,
                "predict": self.make_predict_function,
            }[kind]
            functions[kind] = maker()
        return functions[kind]

    # The eager steps every backend can fall back to.
    def _unpack(self, batch):
        from keras.trainers import data_adapters

        return data_adapters.unpack_x_y_sample_weight(batch)

    def _batch_size(self, x):
        if not tree.is_nested(x):
            return int(x.shape[0])
        return int(tree.flatten(x)[0].shape[0])

    def test_step(self, data):
        x, y, sample_weight = self._unpack(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=self._batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        x, _, _ = self._unpack(data)
        return self(x, training=False)
