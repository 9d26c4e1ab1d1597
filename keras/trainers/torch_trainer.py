"""PyTorch trainer: eager steps with autograd; `jit_compile=True` wraps them in
`torch.compile`."""

import torch

from keras.trainers.trainer import BaseTrainer


class Trainer(BaseTrainer):
    def train_step(self, data):
        x, y, sample_weight = self._unpack(data)
        y_pred = self(x, training=True)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        self._loss_tracker.update_state(loss.detach(), sample_weight=self._batch_size(x))
        trainable = self.trainable_variables
        if trainable:
            grads = torch.autograd.grad(
                self.optimizer.scale_loss(loss), [v.value for v in trainable], allow_unused=True
            )
            grads = [
                torch.zeros_like(v.value) if g is None else g
                for g, v in zip(grads, trainable)
            ]
            with torch.no_grad():
                self.optimizer.apply(grads, trainable)
        with torch.no_grad():
            return self.compute_metrics(x, y, y_pred.detach() if torch.is_tensor(y_pred) else y_pred, sample_weight)

    def _maybe_compile(self, step):
        if self.jit_compile and not self.run_eagerly:
            return torch.compile(step)
        return step

    def make_train_function(self):
        return self._maybe_compile(self.train_step)

    def make_test_function(self):
        test_step = self.test_step

        def step(data):
            with torch.no_grad():
                return test_step(data)

        return step

    def make_predict_function(self):
        predict_step = self.predict_step

        def step(data):
            with torch.no_grad():
                return predict_step(data)

        return step
