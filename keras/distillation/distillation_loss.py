"""How a student's outputs are compared with a teacher's: `DistillationLoss` and the two
built-in kinds, `LogitsDistillation` (final outputs, softened by a temperature) and
`FeatureDistillation` (final or intermediate activations)."""

from keras import losses
from keras import ops
from keras.distillation import loss_structures


class DistillationLoss:
    """The base of distillation losses, which a `keras.distillation.Distiller` sums.

    A subclass implements `compute_loss(teacher_outputs, student_outputs)` returning a
    scalar; it may check the two models when the Distiller is made
    (`validate_model_compatibility`) and the outputs it is given (`validate_outputs`).
    """

    def compute_loss(self, teacher_outputs, student_outputs, **kwargs):
        """The scalar loss of the student's outputs against the teacher's."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement compute_loss(teacher_outputs, "
            "student_outputs) returning a scalar loss."
        )

    def validate_outputs(self, teacher_outputs, student_outputs):
        """Raises a ValueError unless the two outputs have the same structure."""
        loss_structures.check_same_structure(
            teacher_outputs, student_outputs, type(self).__name__
        )

    def validate_model_compatibility(self, teacher, student):
        """Raises a ValueError if this loss cannot compare the two models (the base
        accepts any)."""


def _mean(value):
    return ops.mean(ops.convert_to_tensor(value))


class LogitsDistillation(DistillationLoss):
    """Compares the models' final outputs (logits), divided by a temperature.

    Both outputs are divided by `temperature` first. A `keras.losses.KLDivergence`
    instance then compares the softened distributions, `softmax(logits / T)`, and its
    value is multiplied by `T**2` (so that gradients keep their scale as T grows: the
    classic form of Hinton et al.). Any other loss, including the default string
    "kl_divergence" (the plain function), is applied to the scaled logits themselves,
    as Keras 3.15 does; pass `loss=keras.losses.KLDivergence()` for the classic form.

    Args:
        temperature: a positive number; larger values give softer distributions.
            Defaults to 3.0.
        loss: a loss name, `keras.losses.Loss` or function, or a list/dict of them
            matching the outputs (None skips an output; at least one must be set).
            Defaults to "kl_divergence".
    """

    def __init__(self, temperature=3.0, loss="kl_divergence"):
        if isinstance(temperature, bool) or not isinstance(temperature, (int, float)):
            raise ValueError(
                "LogitsDistillation: `temperature` must be a positive number; got "
                f"{temperature!r} of type {type(temperature).__name__}."
            )
        if not temperature > 0:
            raise ValueError(
                f"LogitsDistillation: `temperature` must be positive; got {temperature!r}."
            )
        self.temperature = temperature
        self.loss = loss_structures.standardize(loss, "LogitsDistillation")

    def _one(self, loss, teacher, student):
        temperature = float(self.temperature)
        teacher = ops.divide(teacher, temperature)
        student = ops.divide(student, temperature)
        if isinstance(loss, losses.KLDivergence):
            value = loss(ops.softmax(teacher, axis=-1), ops.softmax(student, axis=-1))
            return _mean(value) * (temperature * temperature)
        return _mean(loss(teacher, student))

    def compute_loss(self, teacher_outputs, student_outputs, **kwargs):
        """The summed loss over the outputs that have a loss (see the class doc)."""
        return loss_structures.apply(
            self.loss, teacher_outputs, student_outputs, self._one, "LogitsDistillation"
        )

    def get_config(self):
        return {
            "temperature": self.temperature,
            "loss": loss_structures.serialize(self.loss),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "loss" in config:
            config["loss"] = loss_structures.deserialize(config["loss"])
        return cls(**config)


class FeatureDistillation(DistillationLoss):
    """Compares activations of the two models: their final outputs, or the outputs of
    the layers named `teacher_layer_name` and `student_layer_name`.

    Naming a layer needs a Functional or Sequential model (whose layers' outputs are
    symbolic tensors); the two activations must have the same shape.

    Args:
        loss: a loss name, `keras.losses.Loss` or function, or a list/dict of them
            (None skips an output). Defaults to "mse".
        teacher_layer_name: the teacher layer whose output is compared, or None for the
            teacher's final outputs.
        student_layer_name: the same for the student.
    """

    def __init__(self, loss="mse", teacher_layer_name=None, student_layer_name=None):
        for argument, value in (
            ("teacher_layer_name", teacher_layer_name),
            ("student_layer_name", student_layer_name),
        ):
            if value is not None and not isinstance(value, str):
                raise TypeError(
                    f"FeatureDistillation: `{argument}` must be a layer name (str) or "
                    f"None; got {value!r}."
                )
        self.teacher_layer_name = teacher_layer_name
        self.student_layer_name = student_layer_name
        self.loss = loss_structures.standardize(loss, "FeatureDistillation")

    def validate_model_compatibility(self, teacher, student):
        """Checks that each named layer exists in a Functional or Sequential model."""
        for role, model, name in (
            ("teacher", teacher, self.teacher_layer_name),
            ("student", student, self.student_layer_name),
        ):
            if name is None:
                continue
            if not _has_graph(model):
                raise ValueError(
                    f"FeatureDistillation with specific layer names requires "
                    f"Functional or Sequential models. The {role} model "
                    f"'{model.name}' has no symbolic inputs and outputs (it is "
                    "subclassed, or a Sequential without an Input). Use a Functional or Sequential model, leave the layer "
                    "names out (to distill the final outputs), or use "
                    "LogitsDistillation."
                )
            try:
                model.get_layer(name)
            except ValueError as error:
                raise ValueError(f"In {role} model: {error}") from None

    def _one(self, loss, teacher, student):
        return _mean(loss(teacher, student))

    def compute_loss(self, teacher_outputs, student_outputs, **kwargs):
        """The summed loss between matching activations."""
        return loss_structures.apply(
            self.loss, teacher_outputs, student_outputs, self._one, "FeatureDistillation"
        )

    def get_config(self):
        return {
            "loss": loss_structures.serialize(self.loss),
            "teacher_layer_name": self.teacher_layer_name,
            "student_layer_name": self.student_layer_name,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "loss" in config:
            config["loss"] = loss_structures.deserialize(config["loss"])
        return cls(**config)


def _has_graph(model):
    """Whether `model` has symbolic inputs and outputs (Functional or Sequential)."""
    try:
        return bool(model.inputs) and bool(model.outputs)
    except (AttributeError, ValueError):
        return False
