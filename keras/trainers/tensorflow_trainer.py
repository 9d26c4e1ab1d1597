"""TensorFlow trainer: steps compiled with `tf.function` (XLA with `jit_compile=True`)."""

import tensorflow as tf

from keras.trainers.trainer import BaseTrainer


class Trainer(BaseTrainer):
    @staticmethod
    def _value_and_grad(function, values):
        tensors = [tf.convert_to_tensor(v) for v in values]
        with tf.GradientTape() as tape:
            tape.watch(tensors)
            value = function(tensors)
        grads = tape.gradient(value, tensors)
        # A gather's gradient is an IndexedSlices; convert_to_tensor makes it dense.
        grads = [
            tf.zeros_like(t) if g is None else tf.convert_to_tensor(g)
            for g, t in zip(grads, tensors)
        ]
        return value, grads

    @staticmethod
    def _traced(function):
        return tf.function(function)

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
