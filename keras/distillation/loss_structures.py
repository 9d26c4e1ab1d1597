"""The `loss` argument of the distillation losses: one loss, or a nested structure of
losses (None to skip an output) matching the models' outputs.

`standardize` turns identifiers into loss callables, `serialize`/`deserialize` write and
read them as Keras 3 does in a config, and `apply` sums a per-output loss over matching
teacher and student outputs.
"""

from keras import losses
from keras.backends.common import tree
from keras.saving import serialization_lib


def _is_loss_leaf(value):
    return value is None or isinstance(value, str) or callable(value)


def _is_config(value):
    """Whether `value` is one serialized object (a leaf, not a dict of losses)."""
    return isinstance(value, dict) and "class_name" in value


def _leaves(structure):
    if _is_config(structure):
        return [structure]
    if isinstance(structure, dict):
        items = [structure[key] for key in sorted(structure)]
    elif isinstance(structure, (list, tuple)):
        items = list(structure)
    else:
        return [structure]
    return [leaf for item in items for leaf in _leaves(item)]


def _map(function, structure):
    if _is_config(structure):
        return function(structure)
    if isinstance(structure, dict):
        return {key: _map(function, value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map(function, value) for value in structure)
    return function(structure)


def standardize(loss, owner):
    """`loss` with every identifier resolved to a loss function or Loss instance.

    Args:
        loss: a loss name ("kl_divergence", "mse"...), a `keras.losses.Loss`, a loss
            function, a config dict, or a list/tuple/dict of those (None skips an output).
        owner: the class name using it, for error messages.

    Raises:
        ValueError: no loss in the structure is set, or an identifier is unknown.
        TypeError: an entry is not a loss identifier.
    """

    def resolve(value):
        if value is None:
            return None
        if _is_config(value):
            return losses.get(value)
        if not _is_loss_leaf(value):
            raise TypeError(
                f"{owner}: each `loss` must be a loss name (e.g. 'kl_divergence'), a "
                f"keras.losses.Loss, a loss function or None; got {value!r} of type "
                f"{type(value).__name__}."
            )
        found = losses.get(value)
        if not callable(found):
            raise ValueError(f"{owner}: unknown loss {value!r}.")
        return found

    resolved = _map(resolve, loss)
    if all(leaf is None for leaf in _leaves(resolved)):
        raise ValueError(
            f"The `loss` argument in `{owner}` must contain at least one non-`None` "
            f"value; got {loss!r}."
        )
    return resolved


def _serialize_one(loss):
    if loss is None:
        return None
    name = getattr(loss, "__name__", None)
    if name is not None and getattr(losses, name, None) is loss:
        # A built-in loss function, written as Keras 3 writes it in these configs (so
        # that Keras 3 reads it back).
        return {
            "module": "builtins",
            "class_name": "function",
            "config": name,
            "registered_name": "function",
        }
    return serialization_lib.serialize_keras_object(loss)


def serialize(loss):
    """The config of a standardized `loss` structure."""
    return _map(_serialize_one, loss)


def deserialize(config):
    """The loss structure a `serialize` config (or a plain identifier) describes."""
    return _map(lambda value: None if value is None else losses.get(value), config)


def _matching(loss, teacher_outputs, student_outputs, owner):
    """[(loss, teacher, student)] for each output pair with a loss."""
    if not tree.is_nested(loss):
        # One loss for one output (an output in a one-item list counts as one).
        teacher, student = tree.flatten(teacher_outputs), tree.flatten(student_outputs)
        if len(teacher) != 1 or len(student) != 1:
            raise ValueError(
                f"{owner}: one `loss` was given but the models have {len(teacher)} "
                f"teacher and {len(student)} student outputs; pass a list or dict of "
                "losses matching the outputs (None to skip one)."
            )
        return [(loss, teacher[0], student[0])]
    found = []
    try:
        tree.map_structure(
            lambda *items: found.append(items), loss, teacher_outputs, student_outputs
        )
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"{owner}: the structure of `loss` must match the models' outputs; loss "
            f"structure {_shape_of(loss)}, teacher outputs {_shape_of(teacher_outputs)}, "
            f"student outputs {_shape_of(student_outputs)} ({error})."
        ) from None
    return [items for items in found if items[0] is not None]


def _shape_of(structure):
    return _map(lambda value: "*", structure)


def apply(loss, teacher_outputs, student_outputs, compute_one, owner):
    """The sum of `compute_one(loss, teacher, student)` over matching outputs."""
    total = None
    for one_loss, teacher, student in _matching(
        loss, teacher_outputs, student_outputs, owner
    ):
        value = compute_one(one_loss, teacher, student)
        total = value if total is None else total + value
    return 0.0 if total is None else total


def check_same_structure(teacher_outputs, student_outputs, owner):
    """Raises a ValueError unless the teacher and student outputs nest alike."""
    try:
        tree.map_structure(lambda a, b: None, teacher_outputs, student_outputs)
    except (ValueError, TypeError):
        raise ValueError(
            f"{owner}: the teacher and student outputs must have the same structure; "
            f"got teacher {_shape_of(teacher_outputs)} and student "
            f"{_shape_of(student_outputs)}."
        ) from None
