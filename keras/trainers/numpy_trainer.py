"""NumPy trainer: evaluate and predict only (NumPy has no automatic differentiation)."""

from keras.backends import active
from keras.trainers.trainer import BaseTrainer


class Trainer(BaseTrainer):
    def _check_can_train(self):
        raise NotImplementedError(
            f"Training is not supported on the {active.name} backend: it has no automatic "
            "differentiation. Use evaluate() and predict() here, or train with "
            "KERAS_BACKEND=jax, torch or tensorflow."
        )

    def make_train_function(self):
        self._check_can_train()

    def make_test_function(self):
        return self.test_step

    def make_predict_function(self):
        return self.predict_step
