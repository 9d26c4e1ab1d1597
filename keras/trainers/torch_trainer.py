"""PyTorch trainer: eager steps with autograd; `jit_compile=True` wraps them in
`torch.compile`. Under a keras.distribution in a multi-process job, the processes train
together (see torch_distributed): replicas kept identical under DataParallel, DTensor
variables split over the processes under ModelParallel."""

import torch

from keras.trainers import torch_distributed
from keras.trainers.trainer import BaseTrainer
from keras.trainers.trainer import LazyLogs


class Trainer(BaseTrainer):
    @staticmethod
    def _value_and_grad(function, values):
        # Fresh leaves: the caller's tensors gain no gradient history.
        leaves = [
            torch.as_tensor(v).detach().clone().requires_grad_(True) for v in values
        ]
        value = function(leaves)
        grads = [None] * len(leaves)
        if value.requires_grad:
            grads = torch.autograd.grad(value, leaves, allow_unused=True)
        grads = [torch.zeros_like(x) if g is None else g for g, x in zip(grads, leaves)]
        return value.detach(), grads

    def __call__(self, *args, **kwargs):
        if not torch_distributed.model_parallel():
            return super().__call__(*args, **kwargs)
        # Under ModelParallel plain inputs stand for the same value on every process
        # (outputs may be DTensors; keras.ops.convert_to_numpy gives their whole value).
        with torch_distributed.replicating():
            return super().__call__(*args, **kwargs)

    def train_step(self, data):
        return self._train_step(data, lazy_logs=False)

    def _train_step(self, data, lazy_logs):
        sharded = torch_distributed.model_parallel()
        with torch_distributed.sharded_step("run a training step", sharded):
            return self._train_step_body(data, lazy_logs, sharded)

    def _train_step_body(self, data, lazy_logs, sharded):
        x, y, sample_weight = self._unpack(data)
        y_pred = self(x, training=True)
        if sharded:  # losses and metrics run on whole, plain tensors
            y_pred = torch_distributed.gathered(y_pred)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        if sharded:
            loss = torch_distributed.gathered(loss)
        trainable = self.trainable_variables
        if trainable:
            grads = torch.autograd.grad(
                self.optimizer.scale_loss(loss), [v.value for v in trainable], allow_unused=True
            )
            grads = [
                torch.zeros_like(v.value) if g is None else g
                for g, v in zip(grads, trainable)
            ]
            if sharded:
                grads = torch_distributed.match_layouts(grads, trainable)
        replicas = torch_distributed.num_replicas()
        if replicas > 1:
            self.__dict__["_metrics_unsynced"] = True
            if trainable:
                grads = torch_distributed.average_gradients(
                    grads, self._batch_size(x), torch_distributed.replica_group()
                )
        with torch.no_grad():
            self._loss_tracker.update_state(loss.detach(), sample_weight=self._batch_size(x))
            if trainable:
                self.optimizer.apply(grads, trainable)
            y_pred = y_pred.detach() if torch.is_tensor(y_pred) else y_pred
            if lazy_logs:
                self._update_compiled_metrics(y, y_pred, sample_weight)
                return LazyLogs(self._metrics_result_no_grad)
            return self.compute_metrics(x, y, y_pred, sample_weight)

    def _metrics_result_no_grad(self):
        with torch.no_grad():
            return self.get_metrics_result()

    def _maybe_compile(self, step):
        if self.jit_compile and not self.run_eagerly:
            return torch.compile(step)
        return step

    def make_train_function(self):
        if self._default_step_and_metrics(Trainer) and not (
            self.jit_compile and not self.run_eagerly
        ):
            # The fit loop hands the logs to callbacks only; they are computed when one
            # reads them (at once, in the same step), not at every step.
            def step(data):
                return self._train_step(data, lazy_logs=True)

            return step
        return self._maybe_compile(self.train_step)

    def make_test_function(self):
        test_step = self.test_step
        state = self.__dict__

        def step(data):
            state["_metrics_unsynced"] = True
            sharded = torch_distributed.model_parallel()
            with torch.no_grad(), torch_distributed.sharded_step("run a test step", sharded):
                return test_step(data)

        return step

    def make_predict_function(self):
        predict_step = self.predict_step

        def step(data):
            sharded = torch_distributed.model_parallel()
            with torch.no_grad(), torch_distributed.sharded_step("run a predict step", sharded):
                return predict_step(data)

        return step

    def test_step(self, data):
        if not torch_distributed.model_parallel():
            return super().test_step(data)
        x, y, sample_weight = self._unpack(data)
        y_pred = torch_distributed.gathered(self(x, training=False))
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        loss = torch_distributed.gathered(loss)
        self._loss_tracker.update_state(loss, sample_weight=self._batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        y_pred = super().predict_step(data)
        if torch_distributed.model_parallel():
            y_pred = torch_distributed.gathered(y_pred)
        return y_pred

    # Several processes: identical replicas of the plain variables (see torch_distributed).
    def fit(self, *args, **kwargs):
        self.__dict__["_replicas_synced"] = False  # broadcast the weights again
        return super().fit(*args, **kwargs)

    def _build_compiled(self, x, y):
        sharded = torch_distributed.model_parallel()
        with torch_distributed.sharded_step("build the model", sharded):
            super()._build_compiled(x, y)
        if torch_distributed.num_processes() > 1 and not self.__dict__.get("_replicas_synced"):
            optimizer_variables = list(self.optimizer.variables) if self.optimizer else []
            torch_distributed.broadcast_variables(list(self.weights) + optimizer_variables)
            self.__dict__["_replicas_synced"] = True

    def _peek(self, adapter, what):
        if what == "fit" and torch_distributed.num_processes() > 1:
            torch_distributed.check_same_steps(adapter.num_batches, what)
        return super()._peek(adapter, what)

    def _sync_state(self):
        self._combine_replicas(self.non_trainable_weights)

    def _sync_metrics(self):
        self._combine_replicas([])

    def _combine_replicas(self, model_state):
        """Combines the processes' metrics (and `model_state`) once after steps ran."""
        if self.__dict__.get("_metrics_unsynced") and torch_distributed.num_replicas() > 1:
            with torch.no_grad():
                torch_distributed.combine_metrics(
                    self.metrics, model_state, torch_distributed.replica_group()
                )
        self.__dict__["_metrics_unsynced"] = False
