"""Acceptance: a student trained with a Distiller beats the same student trained alone.

The task (fixed seeds): 8 features, 4 classes given by a fixed random tanh network. The
teacher (64-64 MLP) learns it from 4000 labelled samples; the student (one hidden layer
of 16) gets only the first 128 of them. Trained alone, the student overfits its 128
labels; distilled (Hinton's softened KL divergence, temperature 3), it also matches the
teacher's full distributions on those samples, and generalizes better. Accuracy is
measured on 2000 fresh samples.
"""

import numpy as np

import keras
from keras import layers
from keras.distillation import Distiller
from keras.distillation import LogitsDistillation

FEATURES, CLASSES = 8, 4


def task():
    rng = np.random.default_rng(42)
    w1 = rng.normal(size=(FEATURES, 16))
    w2 = rng.normal(size=(16, CLASSES))
    label = lambda x: np.argmax(np.tanh(x @ w1) @ w2, -1).astype("int32")  # noqa: E731
    x_train = rng.normal(size=(4000, FEATURES)).astype("float32")
    x_test = rng.normal(size=(2000, FEATURES)).astype("float32")
    return x_train, label(x_train), x_test, label(x_test)


def mlp(widths, seed, name):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((FEATURES,))
    hidden = inputs
    for width in widths:
        hidden = layers.Dense(width, activation="relu")(hidden)
    return keras.Model(inputs, layers.Dense(CLASSES)(hidden), name=name)


def accuracy(model, x, y):
    return float(np.mean(np.argmax(model.predict(x, batch_size=1000, verbose=0), -1) == y))


def ce_loss():
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def test_distilled_student_beats_student_trained_alone():
    x_train, y_train, x_test, y_test = task()
    teacher = mlp([64, 64], 1, "teacher")
    teacher.compile(keras.optimizers.Adam(1e-2), ce_loss())
    teacher.fit(x_train, y_train, batch_size=500, epochs=10, verbose=0)
    teacher_accuracy = accuracy(teacher, x_test, y_test)

    x_few, y_few = x_train[:128], y_train[:128]
    epochs = 60
    alone = mlp([16], 2, "student")
    alone.compile(keras.optimizers.Adam(1e-2), ce_loss())
    alone.fit(x_few, y_few, batch_size=64, epochs=epochs, verbose=0)
    alone_accuracy = accuracy(alone, x_test, y_test)

    student = mlp([16], 2, "student")  # the same initial weights as `alone`
    distiller = Distiller(
        teacher,
        student,
        LogitsDistillation(temperature=3.0, loss=keras.losses.KLDivergence()),
        student_loss_weight=0.1,
    )
    distiller.compile(keras.optimizers.Adam(1e-2), ce_loss())
    distiller.fit(x_few, y_few, batch_size=64, epochs=epochs, verbose=0)
    distilled_accuracy = accuracy(student, x_test, y_test)

    print(
        f"teacher {teacher_accuracy:.4f}, student alone {alone_accuracy:.4f}, "
        f"distilled student {distilled_accuracy:.4f}"
    )
    assert teacher_accuracy > 0.8
    # About 2000 test samples: 0.03 is several standard errors.
    assert distilled_accuracy > alone_accuracy + 0.03
