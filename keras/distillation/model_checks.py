"""What a Distiller checks of its teacher and student when it is made, and the models it
builds to read their intermediate layers."""

from keras.models.model import Model


def _specs(model, attribute):
    """The symbolic tensors `model.inputs`/`model.outputs`, or None for a model without
    them (a subclassed or unbuilt one, which cannot be checked before it runs)."""
    try:
        tensors = getattr(model, attribute)
    except (AttributeError, ValueError):
        return None
    return list(tensors) if tensors else None


def _compatible(shape_a, shape_b):
    if len(shape_a) != len(shape_b):
        return False
    return all(a is None or b is None or a == b for a, b in zip(shape_a, shape_b))


def check_models(teacher, student):
    """Raises a ValueError unless `teacher` and `student` are Keras models taking inputs
    of the same shapes and dtypes and giving outputs of the same shapes."""
    for role, model in (("Teacher", teacher), ("Student", student)):
        if not isinstance(model, Model):
            raise ValueError(
                f"Distiller: `{role.lower()}` must be a keras.Model; got "
                f"{type(model).__name__}: {model!r}."
            )
    for kind in ("inputs", "outputs"):
        teacher_specs, student_specs = _specs(teacher, kind), _specs(student, kind)
        if teacher_specs is None or student_specs is None:
            continue
        teacher_shapes = [tuple(t.shape) for t in teacher_specs]
        student_shapes = [tuple(t.shape) for t in student_specs]
        if len(teacher_shapes) != len(student_shapes) or not all(
            _compatible(a, b) for a, b in zip(teacher_shapes, student_shapes)
        ):
            shown = lambda shapes: shapes[0] if len(shapes) == 1 else shapes  # noqa: E731
            raise ValueError(
                f"Teacher and student {kind[:-1]} shapes are incompatible. Teacher: "
                f"{shown(teacher_shapes)}, Student: {shown(student_shapes)}. All "
                "dimensions must match (None matches any size)."
            )
        if kind == "inputs":
            for t, s in zip(teacher_specs, student_specs):
                if t.dtype != s.dtype:
                    raise ValueError(
                        "Teacher and student input dtypes must match. Teacher: "
                        f"{t.dtype}, Student: {s.dtype}."
                    )


def feature_extractor(model, layer_names):
    """A Functional model giving, as a list, the outputs of the layers of `model` named
    `layer_names` (sharing its weights); None when no layer is named."""
    if not layer_names:
        return None
    outputs = [model.get_layer(name).output for name in layer_names]
    return Model(
        model.inputs, outputs, name=f"{model.name}_multi_feature_extractor"
    )
