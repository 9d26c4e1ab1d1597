"""What every export format shares: the input signature of a model, and a scope in which
a model's variables read values held by another engine.

keras.export traces a model with the engine that owns the file format (TensorFlow for a
SavedModel, torch for ONNX), whatever backend the model was built on: the trace runs
inside `keras.backends.active.borrowed(engine)`, so keras.ops emit that engine's ops,
and inside `holding(...)`, so every variable reads the engine's own variable (a
`tf.Variable`, a torch buffer) made from its current value. The exported file then holds
the weights as the format's variables or initializers, not as folded constants.
"""

import collections
import contextlib

from keras.backends.common import dtypes
from keras.backends.common import stateless_scope

# One input of an exported function: `shape` with None for any size, a Keras dtype name.
Spec = collections.namedtuple("Spec", ["shape", "dtype", "name"])


@contextlib.contextmanager
def holding(pairs):
    """Within the scope, each keras Variable of `pairs` ((variable, value), ...) reads
    `value`, an engine tensor or variable taken as it is (no conversion)."""
    scope = stateless_scope.StatelessScope()
    for variable, value in pairs:
        scope.add_update(variable, value)
    with scope:
        yield scope


def _spec(value, where):
    """A Spec from a keras.InputSpec, a KerasTensor, an engine TensorSpec or tensor, or
    a NumPy array (its batch size kept as given: pass a spec for a dynamic batch)."""
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is None:
        raise ValueError(
            f"input_signature{where}: expected a keras.InputSpec, a KerasTensor, a "
            f"tf.TensorSpec or a tensor with a shape and dtype; got {value!r}."
        )
    if hasattr(shape, "as_list"):  # tf.TensorShape
        shape = shape.as_list() if shape.rank is not None else None
    if shape is None:
        raise ValueError(f"input_signature{where}: the rank of {value!r} must be known.")
    shape = tuple(None if d is None else int(d) for d in shape)
    if dtype is None:
        dtype = "float32"
    dtype = dtypes.standardize_dtype(getattr(dtype, "name", dtype))
    name = getattr(value, "name", None)
    return Spec(shape, dtype, name if isinstance(name, str) else None)


def _is_leaf(value):
    return not isinstance(value, (list, tuple, dict)) or hasattr(value, "_fields")


def _map(value, where=""):
    if isinstance(value, dict):
        return {k: _map(v, f"{where}[{k!r}]") for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_map(v, f"{where}[{i}]") for i, v in enumerate(value))
    return _spec(value, where)


def input_signature(model, signature=None):
    """The structure of Specs a model's exported function takes: `signature` as given
    (a list with one entry per positional argument of the model's call, Keras 3's
    `input_signature`), else the model's own inputs with a dynamic batch dimension.

    Returns a list with one structure per positional argument.
    """
    if signature is not None:
        if _is_leaf(signature):
            signature = [signature]
        if not isinstance(signature, (list, tuple)):
            raise ValueError(
                "`input_signature` must be a list (one entry per positional input of the "
                f"model); got {type(signature).__name__}."
            )
        return [_map(item, f"[{i}]") for i, item in enumerate(signature)]
    inputs = getattr(model, "_inputs_struct", None)
    if inputs is None:
        inputs = getattr(model, "inputs", None)
        if isinstance(inputs, list) and len(inputs) == 1:
            inputs = inputs[0]
    if inputs is None:
        built_shape = getattr(model, "_build_shapes_dict", None) or None
        raise ValueError(
            f"Cannot infer the input signature of {type(model).__name__} "
            f"{getattr(model, 'name', '')!r}: it has no Input layers"
            + (f" (built with {built_shape})" if built_shape else "")
            + ". Pass `input_signature=[keras.InputSpec(shape=(None, ...), "
            "dtype='float32')]` (one entry per positional input)."
        )

    def dynamic_batch(spec):
        if isinstance(spec, dict):
            return {k: dynamic_batch(v) for k, v in spec.items()}
        if isinstance(spec, (list, tuple)) and not isinstance(spec, Spec):
            return type(spec)(dynamic_batch(v) for v in spec)
        shape = spec.shape
        return spec._replace(shape=(None,) + tuple(shape[1:]) if shape else shape)

    return [dynamic_batch(_map(inputs))]


def flat_specs(signature):
    """The Specs of a signature (from `input_signature`) in order, with their names
    made unique (`inputs`, `inputs_1`...) where none or a repeated one was given."""
    flat = []

    def walk(value):
        if isinstance(value, Spec):
            flat.append(value)
        elif isinstance(value, dict):
            for key in sorted(value):
                walk(value[key])
        else:
            for item in value:
                walk(item)

    walk(signature)
    seen = set()
    named = []
    for i, spec in enumerate(flat):
        name = spec.name or "inputs"
        base, n = name, 0
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        named.append(spec._replace(name=name))
    return named


def rebuild(signature, flat_values):
    """`signature`'s structure with its Specs replaced, in order, by `flat_values`."""
    values = iter(flat_values)

    def walk(value):
        if isinstance(value, Spec):
            return next(values)
        if isinstance(value, dict):
            return {key: walk(value[key]) for key in sorted(value)}
        return type(value)(walk(item) for item in value)

    return walk(signature)
