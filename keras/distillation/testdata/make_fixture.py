"""Writes distiller.keras and distiller_expected.npz with the real Keras 3.15.1.

Run it with a Keras 3.15.1 environment, never the project's (see README.md):

    cd /tmp && KERAS_BACKEND=jax <keras3-venv>/bin/python \
        /work/main/keras/distillation/testdata/make_fixture.py
"""

import json
import os

import numpy as np

import keras
from keras import distillation

HERE = os.path.dirname(os.path.abspath(__file__))


def mlp(name, units):
    inputs = keras.Input((6,), name=f"{name}_in")
    hidden = keras.layers.Dense(units, activation="relu", name=f"{name}_h1")(inputs)
    hidden = keras.layers.Dense(8, activation="tanh", name=f"{name}_h2")(hidden)
    outputs = keras.layers.Dense(4, name=f"{name}_logits")(hidden)
    return keras.Model(inputs, outputs, name=name)


def main():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 6)).astype("float32")
    y = rng.integers(0, 4, size=(32,)).astype("int32")
    teacher, student = mlp("teacher", 16), mlp("student", 6)
    distiller = distillation.Distiller(
        teacher,
        student,
        [
            distillation.LogitsDistillation(temperature=2.0),
            distillation.LogitsDistillation(
                temperature=4.0, loss=keras.losses.KLDivergence()
            ),
            distillation.FeatureDistillation(
                loss="mae", teacher_layer_name="teacher_h2", student_layer_name="student_h2"
            ),
        ],
        distillation_loss_weights=[0.5, 1.0, 2.0],
        student_loss_weight=0.3,
    )
    distiller.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    distiller.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    distiller.save(os.path.join(HERE, "distiller.keras"))
    logs = distiller.evaluate(x, y, batch_size=32, verbose=0, return_dict=True)
    np.savez(
        os.path.join(HERE, "distiller_expected.npz"),
        x=x,
        y=y,
        y_pred=distiller.predict(x, verbose=0),
        teacher_pred=teacher.predict(x, verbose=0),
        logs=np.array(json.dumps(logs)),
    )


if __name__ == "__main__":
    main()
