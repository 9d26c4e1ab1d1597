"""`Distiller`: a model that trains a student to match a frozen teacher.

The Distiller is a Model whose forward pass is the student's (so `predict` and
`evaluate` give the student's outputs). `fit` minimizes

    total = student_loss_weight * student_loss
            + (1 - student_loss_weight) * sum_i(weight_i * distillation_loss_i)

where `student_loss` is the compiled loss of the student's outputs against the labels
and each distillation loss compares the teacher's outputs (or activations) with the
student's. The teacher is frozen: `teacher.trainable` is set to False when the
Distiller is made, so only the student's weights are updated.
"""

import warnings

from keras import metrics
from keras import ops
from keras.backends.common import tree
from keras.distillation import model_checks
from keras.distillation.distillation_loss import DistillationLoss
from keras.distillation.distillation_loss import FeatureDistillation
from keras.models.model import Model
from keras.saving import serialization_lib


def _check_weight(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            "Distiller: `student_loss_weight` must be a number between 0.0 and 1.0; "
            f"got {value!r}."
        )
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            f"student_loss_weight must be between 0.0 and 1.0, got {value}."
        )


def _standardize_losses(distillation_losses, distillation_loss_weights):
    """(list of DistillationLoss, list of float weights)."""
    if distillation_losses is None:
        raise ValueError(
            "'distillation_losses' cannot be `None`. Provide a distillation loss "
            "(e.g., LogitsDistillation or FeatureDistillation) or a list of "
            "distillation losses."
        )
    if isinstance(distillation_losses, DistillationLoss):
        # As in Keras 3: a single loss always has weight 1.0.
        return [distillation_losses], [1.0]
    if not isinstance(distillation_losses, (list, tuple)):
        raise TypeError(
            "Distiller: `distillation_losses` must be a DistillationLoss (e.g. "
            "keras.distillation.LogitsDistillation()) or a list of them; got "
            f"{distillation_losses!r} of type {type(distillation_losses).__name__}."
        )
    losses = list(distillation_losses)
    for index, loss in enumerate(losses):
        if not isinstance(loss, DistillationLoss):
            raise TypeError(
                f"Distiller: `distillation_losses[{index}]` must be a DistillationLoss "
                f"(e.g. keras.distillation.LogitsDistillation()); got {loss!r}."
            )
    if distillation_loss_weights is None:
        return losses, [1.0] * len(losses)
    if not isinstance(distillation_loss_weights, (list, tuple)):
        raise TypeError(
            "Distiller: `distillation_loss_weights` must be a list of numbers, one per "
            f"distillation loss; got {distillation_loss_weights!r}."
        )
    if len(distillation_loss_weights) != len(losses):
        raise ValueError(
            f"Number of distillation_loss_weights ({len(distillation_loss_weights)}) "
            f"must match number of distillation_losses ({len(losses)})"
        )
    return losses, [float(weight) for weight in distillation_loss_weights]


class Distiller(Model):
    """Trains `student` to imitate `teacher` (knowledge distillation).

    Compile it with the student's loss against the labels, then `fit` it on labelled
    data: each step runs the frozen teacher and the student on the batch and minimizes
    the weighted sum described in this module's doc. `predict`, `evaluate` and calling
    the Distiller run the student; `distiller.student` is the trained model to keep.

    Args:
        teacher: a trained `keras.Model`; frozen (`trainable=False`) here.
        student: the `keras.Model` to train; its inputs and outputs must have the
            teacher's shapes.
        distillation_losses: a `keras.distillation.DistillationLoss` (e.g.
            `LogitsDistillation()`) or a list of them.
        distillation_loss_weights: one weight per distillation loss, or None for 1.0
            each (a single, unlisted loss always has weight 1.0).
        student_loss_weight: in [0, 1]: the share of the student's own loss in the
            total; the distillation losses get `1 - student_loss_weight`. Defaults to
            0.5.
        name: the model's name.

    Reported metrics: `loss` and `total_loss` (the total), `student_loss`,
    `distillation_loss` (the weighted sum, before the `1 - student_loss_weight`
    factor), and the compiled metrics of the student's outputs.
    """

    def __init__(
        self,
        teacher,
        student,
        distillation_losses,
        distillation_loss_weights=None,
        student_loss_weight=0.5,
        name="distiller",
        **kwargs,
    ):
        super().__init__(name=name, **kwargs)
        model_checks.check_models(teacher, student)
        _check_weight(student_loss_weight)
        losses, weights = _standardize_losses(
            distillation_losses, distillation_loss_weights
        )
        for loss in losses:
            loss.validate_model_compatibility(teacher, student)
        self.teacher = teacher
        self.student = student
        self.teacher.trainable = False
        self.student_loss_weight = student_loss_weight
        self.distillation_losses = losses
        self.distillation_loss_weights = weights
        self.student_loss_tracker = metrics.Mean(name="student_loss")
        self.distillation_loss_tracker = metrics.Mean(name="distillation_loss")
        self.total_loss_tracker = metrics.Mean(name="total_loss")
        self._teacher_feature_extractor = model_checks.feature_extractor(
            teacher, self._layer_names("teacher")
        )
        self._student_feature_extractor = model_checks.feature_extractor(
            student, self._layer_names("student")
        )

    def _layer_names(self, role):
        names = []
        for loss in self.distillation_losses:
            name = getattr(loss, f"{role}_layer_name", None)
            if isinstance(loss, FeatureDistillation) and name and name not in names:
                names.append(name)
        return names

    # The forward pass is the student's.
    def call(self, inputs, training=None, **kwargs):
        return self.student(inputs, training=training, **kwargs)

    @property
    def _outputs_struct(self):
        # The student's output structure: compile() reads it to match a dict of losses
        # or metrics with a Functional student's named outputs.
        return getattr(self.student, "_outputs_struct", None)

    def compile(self, optimizer="adam", loss=None, metrics=None, **kwargs):
        """Configures training: `loss` (required) is the student's loss against the
        labels; `metrics` are computed on the student's outputs; the other arguments
        are those of `Model.compile`."""
        if loss is None:
            raise ValueError(
                "'loss' cannot be `None`. Distiller.compile needs the student's loss "
                "against the labels, e.g. loss='sparse_categorical_crossentropy'."
            )
        super().compile(optimizer=optimizer, loss=loss, metrics=metrics, **kwargs)

    def compile_from_config(self, config):
        """Compiles with a saved compile config. A config without the student's loss
        (as Keras 3 writes a Distiller's) leaves the model uncompiled, with a warning."""
        arguments = serialization_lib.deserialize_keras_object(config)
        if not isinstance(arguments, dict) or arguments.get("loss") is None:
            warnings.warn(
                f"The saved compile config of '{self.name}' has no student loss; call "
                "compile(optimizer=..., loss=...) on the loaded Distiller before fit.",
                stacklevel=2,
            )
            return
        allowed = (
            "optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
            "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss",
        )
        self.compile(**{k: v for k, v in arguments.items() if k in allowed})
        if self.optimizer is not None and self.built:
            self.optimizer.build(self.trainable_variables)

    @property
    def metrics(self):
        return super().metrics + [
            self.student_loss_tracker,
            self.distillation_loss_tracker,
            self.total_loss_tracker,
        ]

    # The loss of a step.
    def _features(self, role, x, final, training):
        """Per distillation loss, the outputs of `role` ("teacher"/"student") it
        compares: the final outputs, or a named layer's output."""
        extractor = getattr(self, f"_{role}_feature_extractor")
        names = self._layer_names(role)
        extracted = {}
        if extractor is not None:
            values = extractor(x, training=training)
            extracted = dict(zip(names, values))
        features = []
        for loss in self.distillation_losses:
            name = getattr(loss, f"{role}_layer_name", None)
            uses_layer = isinstance(loss, FeatureDistillation) and name
            features.append(extracted[name] if uses_layer else final())
        return features

    def _distillation_loss(self, x, y_pred, training):
        teacher_final = []

        def teacher_outputs():
            if not teacher_final:
                teacher_final.append(self.teacher(x, training=False))
            return teacher_final[0]

        teacher = self._features("teacher", x, teacher_outputs, False)
        teacher = [
            tree.map_structure(ops.stop_gradient, value) for value in teacher
        ]
        student = self._features("student", x, lambda: y_pred, training)
        total = 0.0
        for loss, weight, t, s in zip(
            self.distillation_losses, self.distillation_loss_weights, teacher, student
        ):
            loss.validate_outputs(t, s)
            total = total + weight * loss.compute_loss(t, s)
        return total

    def compute_loss(
        self, x=None, y=None, y_pred=None, sample_weight=None, training=True
    ):
        """The weighted total of the student's loss and the distillation losses (see
        the module doc); updates the `student_loss`, `distillation_loss` and
        `total_loss` metrics. Losses the student adds (`add_loss`, weight
        regularizers) count with the student loss."""
        if y_pred is None:
            y_pred = self(x, training=training)
        weight = float(self.student_loss_weight)
        student_loss = ops.convert_to_tensor(0.0)
        if weight > 0.0 and y is not None and self._compile_loss is not None:
            student_loss = self._compile_loss(y, y_pred, sample_weight)
        for extra in self.losses:
            student_loss = student_loss + ops.cast(extra, "float32")
        distillation_loss = ops.convert_to_tensor(0.0)
        if weight < 1.0:
            distillation_loss = ops.cast(
                self._distillation_loss(x, y_pred, training), "float32"
            )
        total = weight * student_loss + (1.0 - weight) * distillation_loss
        self.student_loss_tracker.update_state(student_loss)
        self.distillation_loss_tracker.update_state(distillation_loss)
        self.total_loss_tracker.update_state(total)
        return total

    # Saving.
    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "teacher": serialization_lib.serialize_keras_object(self.teacher),
                "student": serialization_lib.serialize_keras_object(self.student),
                "distillation_losses": [
                    serialization_lib.serialize_keras_object(loss)
                    for loss in self.distillation_losses
                ],
                "distillation_loss_weights": list(self.distillation_loss_weights),
                "student_loss_weight": self.student_loss_weight,
            }
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("teacher", "student"):
            config[key] = serialization_lib.deserialize_keras_object(
                config[key], custom_objects=custom_objects
            )
        config["distillation_losses"] = [
            serialization_lib.deserialize_keras_object(
                loss, custom_objects=custom_objects
            )
            for loss in config["distillation_losses"]
        ]
        return cls(**config)
