"""TensorFlow trainer: steps compiled with `tf.function` (XLA with `jit_compile=True`)."""

import tensorflow as tf

from keras.trainers.trainer import BaseTrainer


class Trainer(BaseTrainer):
    def train_step(self, data):
        x, y, sample_weight = self._unpack(data)
        trainable = self.trainable_variables
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
            scaled = self.optimizer.scale_loss(loss)
        self._loss_tracker.update_state(loss, sample_weight=tf.shape(tf.nest.flatten(x)[0])[0])
        if trainable:
            grads = tape.gradient(scaled, [v._value for v in trainable])
            grads = [
                tf.zeros_like(v.value) if g is None else tf.convert_to_tensor(g)
                for g, v in zip(grads, trainable)
            ]
            self.optimizer.apply(grads, trainable)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def _batch_size(self, x):
        return tf.shape(tf.nest.flatten(x)[0])[0]

    def _compile(self, step):
        if self.run_eagerly:
            return step
        return tf.function(step, reduce_retracing=True, jit_compile=bool(self.jit_compile))

    def make_train_function(self):
        return self._compile(self.train_step)

    def make_test_function(self):
        return self._compile(self.test_step)

    def make_predict_function(self):
        return self._compile(self.predict_step)
