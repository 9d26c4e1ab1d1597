"""Distiller: construction and its errors, the student's forward pass, the losses that
evaluate reports (against NumPy), and training (where fit can run)."""

import numpy as np
import pytest

import keras
from keras import layers
from keras.distillation import Distiller
from keras.distillation import FeatureDistillation
from keras.distillation import LogitsDistillation
from keras.layers.testing import FIT_GAPS
from keras.ops import testing

BACKEND = testing.backend_name()
needs_fit = pytest.mark.skipif(BACKEND in FIT_GAPS, reason=FIT_GAPS.get(BACKEND, ""))
EPS = 1e-7


def mlp(name, units=8, outputs=3, inputs=4, seed=0, regularizer=None):
    keras.utils.set_random_seed(seed)
    x = keras.Input((inputs,), name=f"{name}_in")
    h = layers.Dense(
        units, activation="tanh", name=f"{name}_h", kernel_regularizer=regularizer
    )(x)
    return keras.Model(x, layers.Dense(outputs, name=f"{name}_out")(h), name=name)


def data(n=24, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 4)).astype("float32"), rng.integers(0, 3, n).astype("int32")


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def kl(p, q):
    p, q = np.clip(p, EPS, 1), np.clip(q, EPS, 1)
    return (p * np.log(p / q)).sum(-1)


def sparse_ce(logits, y):
    return -np.log(softmax(logits)[np.arange(len(y)), y])


def activations(model, layer_name, x):
    probe = keras.Model(model.inputs, model.get_layer(layer_name).output)
    return probe.predict(x, verbose=0)


def compiled(distiller, **kwargs):
    distiller.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        **kwargs,
    )
    return distiller


def test_construction_freezes_the_teacher_and_tracks_both_models():
    teacher, student = mlp("teacher", 16), mlp("student", 8, seed=1)
    distiller = Distiller(teacher, student, LogitsDistillation())
    assert teacher.trainable is False
    assert distiller.student_loss_weight == 0.5
    assert distiller.distillation_loss_weights == [1.0]
    ids = lambda ws: [id(w) for w in ws]  # noqa: E731
    assert ids(distiller.trainable_weights) == ids(student.trainable_weights)
    assert ids(distiller.weights) == ids(teacher.weights) + ids(student.weights)
    assert distiller.metrics_names == ["student_loss", "distillation_loss", "total_loss"]
    # As in Keras 3: one unlisted loss has weight 1.0; a list takes its weights.
    single = Distiller(teacher, student, LogitsDistillation(), [2.0])
    assert single.distillation_loss_weights == [1.0]
    listed = Distiller(teacher, student, [LogitsDistillation()], [2.0])
    assert listed.distillation_loss_weights == [2.0]


def _subclassed():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(3, name="dense_sub")

        def call(self, x):
            return self.dense(x)

    return Net()


@pytest.mark.parametrize("case, error, match", [
    ("no losses", ValueError, "cannot be `None`"),
    ("string losses", TypeError, "must be a DistillationLoss"),
    ("bad item", TypeError, r"distillation_losses\[1\]"),
    ("weights count", ValueError, r"distillation_loss_weights \(2\) must match"),
    ("weights type", TypeError, "list of numbers"),
    ("weight low", ValueError, "between 0.0 and 1.0, got -0.1"),
    ("weight high", ValueError, "between 0.0 and 1.0, got 1.5"),
    ("weight type", ValueError, "must be a number"),
    ("teacher type", ValueError, "`teacher` must be a keras.Model; got Dense"),
    ("student type", ValueError, "`student` must be a keras.Model; got str"),
    ("input shape", ValueError, r"input shapes are incompatible. Teacher: \(None, 5\)"),
    ("output shape", ValueError, r"output shapes are incompatible. Teacher: \(None, 2\)"),
    ("input dtype", ValueError, "input dtypes must match. Teacher: float16"),
    ("layer name", ValueError, "In teacher model: No such layer: nope"),
    ("subclassed", ValueError, "has no symbolic inputs and outputs"),
])
def test_constructor_errors(case, error, match):
    teacher, student = mlp("teacher"), mlp("student")
    logits = LogitsDistillation()
    args = {
        "no losses": (teacher, student, None),
        "string losses": (teacher, student, "kl_divergence"),
        "bad item": (teacher, student, [logits, "mse"]),
        "weights count": (teacher, student, [logits], [1.0, 2.0]),
        "weights type": (teacher, student, [logits], 2.0),
        "weight low": (teacher, student, logits, None, -0.1),
        "weight high": (teacher, student, logits, None, 1.5),
        "weight type": (teacher, student, logits, None, "half"),
        "teacher type": (layers.Dense(3), student, logits),
        "student type": (teacher, "student", logits),
        "input shape": (mlp("t5", inputs=5), student, logits),
        "output shape": (mlp("t2", outputs=2), student, logits),
        "layer name": (teacher, student, FeatureDistillation(teacher_layer_name="nope")),
        "subclassed": (teacher, _subclassed(), FeatureDistillation(
            student_layer_name="dense_sub")),
    }.get(case)
    if case == "input dtype":
        x = keras.Input((4,), dtype="float16")
        half = keras.Model(x, layers.Dense(3, dtype="float16")(x))
        args = (half, student, logits)
    with pytest.raises(error, match=match):
        Distiller(*args)


def test_a_subclassed_teacher_is_accepted_for_logits():
    student = mlp("student")
    teacher = _subclassed()
    x, _ = data()
    teacher(x[:1])
    distiller = compiled(Distiller(teacher, student, LogitsDistillation()))
    logs = distiller.evaluate(x, np.zeros(len(x), "int32"), verbose=0, return_dict=True)
    assert np.isfinite(logs["distillation_loss"])


def test_call_and_predict_run_the_student():
    teacher, student = mlp("teacher", 16), mlp("student", seed=2)
    distiller = Distiller(teacher, student, LogitsDistillation())
    x, _ = data()
    expected = student.predict(x, verbose=0)
    np.testing.assert_allclose(distiller.predict(x, verbose=0), expected, rtol=1e-6)
    np.testing.assert_allclose(
        testing.to_numpy(distiller(x)), expected, rtol=1e-5, atol=1e-6
    )


def test_compile_needs_the_student_loss():
    distiller = Distiller(mlp("teacher"), mlp("student"), LogitsDistillation())
    with pytest.raises(ValueError, match="'loss' cannot be `None`"):
        distiller.compile(optimizer="adam")
    distiller.compile(loss="mse")
    assert isinstance(distiller.optimizer, keras.optimizers.Adam)  # the default


def test_evaluate_reports_each_loss_against_numpy():
    teacher, student = mlp("teacher", 16), mlp("student", 16, seed=3)
    t = 2.0
    distiller = compiled(
        Distiller(
            teacher,
            student,
            [
                LogitsDistillation(t, keras.losses.KLDivergence()),
                LogitsDistillation(4.0),
                FeatureDistillation("mae", "teacher_h", "student_h"),
            ],
            distillation_loss_weights=[1.0, 0.25, 0.5],
            student_loss_weight=0.3,
        ),
        metrics=["accuracy"],
    )
    x, y = data()
    logs = distiller.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
    t_logits, s_logits = teacher.predict(x, verbose=0), student.predict(x, verbose=0)
    student_loss = sparse_ce(s_logits, y).mean()
    hinton = kl(softmax(t_logits / t), softmax(s_logits / t)).mean() * t * t
    plain = kl(t_logits / 4.0, s_logits / 4.0).mean()
    features = np.abs(
        activations(teacher, "teacher_h", x) - activations(student, "student_h", x)
    ).mean()
    distillation = hinton + 0.25 * plain + 0.5 * features
    total = 0.3 * student_loss + 0.7 * distillation
    assert set(logs) == {"loss", "accuracy", "student_loss", "distillation_loss", "total_loss"}
    np.testing.assert_allclose(logs["student_loss"], student_loss, rtol=1e-4)
    np.testing.assert_allclose(logs["distillation_loss"], distillation, rtol=1e-4)
    np.testing.assert_allclose(logs["total_loss"], total, rtol=1e-4)
    np.testing.assert_allclose(logs["loss"], total, rtol=1e-4)
    accuracy = np.mean(np.argmax(s_logits, -1) == y)
    np.testing.assert_allclose(logs["accuracy"], accuracy, rtol=1e-6)


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_a_weight_of_zero_or_one_skips_a_loss(weight):
    teacher, student = mlp("teacher", 16), mlp("student", seed=4)
    distiller = compiled(
        Distiller(teacher, student, LogitsDistillation(), student_loss_weight=weight)
    )
    x, y = data()
    logs = distiller.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
    s_logits = student.predict(x, verbose=0)
    if weight == 1.0:
        assert logs["distillation_loss"] == 0.0
        np.testing.assert_allclose(logs["total_loss"], sparse_ce(s_logits, y).mean(), rtol=1e-4)
    else:
        assert logs["student_loss"] == 0.0
        t_logits = teacher.predict(x, verbose=0)
        expected = kl(t_logits / 3.0, s_logits / 3.0).mean()
        np.testing.assert_allclose(logs["total_loss"], expected, rtol=1e-4)


def test_sample_weight_and_student_losses_count_in_the_student_loss():
    # Two choices of ours (Keras 3.15.1 ignores both): sample weights weigh the
    # student loss, and losses the student adds (here an L2 penalty) join it.
    teacher = mlp("teacher", 16)
    student = mlp("student", seed=5, regularizer=keras.regularizers.L2(0.01))
    distiller = compiled(Distiller(teacher, student, LogitsDistillation()))
    x, y = data()
    weights = np.tile(np.array([1.0, 0.0], "float32"), len(x) // 2)
    logs = distiller.evaluate(
        x, y, sample_weight=weights, batch_size=len(x), verbose=0, return_dict=True
    )
    ce = sparse_ce(student.predict(x, verbose=0), y)
    kernel = testing.to_numpy(student.get_layer("student_h").kernel)
    expected = (ce * weights).sum() / len(x) + 0.01 * np.sum(kernel**2)
    np.testing.assert_allclose(logs["student_loss"], expected, rtol=1e-4)


def test_sequential_models_distill_named_layers():
    def sequential(name, units, seed):
        keras.utils.set_random_seed(seed)
        return keras.Sequential(
            [
                keras.Input((4,)),
                layers.Dense(units, activation="relu", name=f"{name}_wide"),
                layers.Dense(6, name=f"{name}_feat"),
                layers.Dense(3, name=f"{name}_out"),
            ],
            name=name,
        )

    teacher, student = sequential("t", 16, 0), sequential("s", 4, 1)
    loss = FeatureDistillation(teacher_layer_name="t_feat", student_layer_name="s_feat")
    distiller = compiled(Distiller(teacher, student, loss, student_loss_weight=0.0))
    x, y = data()
    logs = distiller.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
    expected = np.mean((activations(teacher, "t_feat", x) - activations(student, "s_feat", x)) ** 2)
    np.testing.assert_allclose(logs["distillation_loss"], expected, rtol=1e-4)


def test_models_with_dict_outputs():
    def model(name, units, seed):
        keras.utils.set_random_seed(seed)
        x = keras.Input((4,))
        h = layers.Dense(units, activation="relu")(x)
        return keras.Model(
            x, {"cls": layers.Dense(3)(h), "reg": layers.Dense(2)(h)}, name=name
        )

    teacher, student = model("t", 16, 0), model("s", 4, 1)
    loss = LogitsDistillation(1.0, loss={"cls": keras.losses.KLDivergence(), "reg": None})
    distiller = Distiller(teacher, student, loss, student_loss_weight=0.0)
    distiller.compile(loss={"cls": "mse", "reg": "mse"})
    x, _ = data()
    y = {"cls": np.zeros((len(x), 3), "float32"), "reg": np.zeros((len(x), 2), "float32")}
    logs = distiller.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
    t_cls = teacher.predict(x, verbose=0)["cls"]
    s_cls = student.predict(x, verbose=0)["cls"]
    expected = kl(softmax(t_cls), softmax(s_cls)).mean()
    np.testing.assert_allclose(logs["distillation_loss"], expected, rtol=1e-4)


@needs_fit
def test_fit_trains_only_the_student():
    # The feature loss compares the hidden layers: both have 8 units.
    teacher, student = mlp("teacher", 8, seed=7), mlp("student", 8, seed=6)
    loss = [
        LogitsDistillation(2.0, keras.losses.KLDivergence()),
        FeatureDistillation(teacher_layer_name="teacher_h", student_layer_name="student_h"),
    ]
    distiller = compiled(Distiller(teacher, student, loss, [1.0, 0.1], 0.2))
    teacher_before = teacher.get_weights()
    student_before = student.get_weights()
    x, y = data(64)
    history = distiller.fit(x, y, batch_size=16, epochs=8, verbose=0).history
    assert set(history) == {"loss", "student_loss", "distillation_loss", "total_loss"}
    assert history["total_loss"][-1] < history["total_loss"][0]
    for before, after in zip(teacher_before, teacher.get_weights()):
        np.testing.assert_array_equal(before, after)
    assert all(
        not np.allclose(before, after)
        for before, after in zip(student_before, student.get_weights())
    )
    # One batch: the logged total is this batch's weighted sum of the parts.
    logs = distiller.evaluate(x, y, batch_size=64, verbose=0, return_dict=True)
    np.testing.assert_allclose(
        logs["total_loss"],
        0.2 * logs["student_loss"] + 0.8 * logs["distillation_loss"],
        rtol=1e-5,
    )


@pytest.mark.skipif(BACKEND not in FIT_GAPS, reason="tests the backends that cannot fit")
def test_fit_is_a_clear_error_where_the_backend_cannot_train():
    distiller = compiled(Distiller(mlp("teacher"), mlp("student"), LogitsDistillation()))
    x, y = data()
    with pytest.raises(NotImplementedError, match="not supported on the"):
        distiller.fit(x, y, verbose=0)
