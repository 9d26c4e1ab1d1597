"""Dtype policies: the dtype a layer stores its variables in and the dtype it computes in.

"float32" keeps both in float32; "mixed_float16" and "mixed_bfloat16" keep variables in
float32 and compute in the 16-bit type (the layer casts its float inputs, and reads its
float variables cast, during `call`).
"""

from keras.backends.common import config
from keras.backends.common import dtypes

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}


class DTypePolicy:
    """A layer's variable dtype and compute dtype, named by a string.

    Args:
        name: "float32", "float16", "bfloat16", "float64", "mixed_float16" or
            "mixed_bfloat16"; defaults to `keras.config.floatx()`.

    >>> policy = keras.DTypePolicy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')
    """

    def __init__(self, name=None):
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            raise TypeError(
                f"DTypePolicy `name` must be a string such as 'float32' or 'mixed_float16'; "
                f"got {name!r}."
            )
        if name in _MIXED:
            compute, variable = _MIXED[name], "float32"
        else:
            try:
                compute = variable = dtypes.standardize_dtype(name)
            except (TypeError, ValueError):
                raise ValueError(
                    f"Unknown dtype policy {name!r}. Expected a dtype name such as 'float32' "
                    "or 'bfloat16', or 'mixed_float16' / 'mixed_bfloat16'."
                ) from None
        self._name = name
        self._compute_dtype = compute
        self._variable_dtype = variable

    @property
    def name(self):
        return self._name

    @property
    def compute_dtype(self):
        return self._compute_dtype

    @property
    def variable_dtype(self):
        return self._variable_dtype

    @property
    def quantization_mode(self):
        return None

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


class FloatDTypePolicy(DTypePolicy):
    """The float (non-quantized) dtype policy; same as DTypePolicy."""


_global_policy = None


def dtype_policy():
    """The global dtype policy (default: the policy named by `keras.config.floatx()`)."""
    return _global_policy if _global_policy is not None else DTypePolicy(config.floatx())


def set_dtype_policy(policy):
    """Sets the global dtype policy: a DTypePolicy or a name such as "mixed_float16"."""
    global _global_policy
    _global_policy = get(policy)


def _policy_classes():
    """Class name -> class, for every policy class a config may name."""
    from keras.dtype_policies import dtype_policy_map
    from keras.dtype_policies import quantized_dtype_policy as quantized

    return {
        "DTypePolicy": DTypePolicy,
        "FloatDTypePolicy": FloatDTypePolicy,
        "QuantizedDTypePolicy": quantized.QuantizedDTypePolicy,
        "QuantizedFloat8DTypePolicy": quantized.QuantizedFloat8DTypePolicy,
        "Int4DTypePolicy": quantized.Int4DTypePolicy,
        "GPTQDTypePolicy": quantized.GPTQDTypePolicy,
        "AWQDTypePolicy": quantized.AWQDTypePolicy,
        "DTypePolicyMap": dtype_policy_map.DTypePolicyMap,
    }


def _from_name(name):
    """The policy a name describes: quantized ("int8_from_float32") or float."""
    from keras.dtype_policies import quantized_dtype_policy

    policy = quantized_dtype_policy.from_name(name)
    return policy if policy is not None else DTypePolicy(name)


def get(identifier):
    """A DTypePolicy from a policy, a name, a dtype or a serialized config.

    Names of quantized policies ("int8_from_float32", "gptq/4/128_from_bfloat16")
    give the matching quantized policy class.
    """
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return _from_name(identifier)
    try:
        return DTypePolicy(dtypes.standardize_dtype(identifier))
    except (TypeError, ValueError):
        raise ValueError(
            f"Cannot interpret {identifier!r} as a dtype policy: expected a DTypePolicy, a "
            "name such as 'float32' or 'mixed_float16', or a serialized policy dict."
        ) from None


def serialize(policy):
    """The Keras 3 config dict of a policy."""
    class_name = type(policy).__name__
    # Keras 3 files name the float policies under "keras", the others under
    # "keras.dtype_policies".
    module = "keras" if class_name in ("DTypePolicy", "FloatDTypePolicy") else (
        "keras.dtype_policies"
    )
    return {
        "module": module,
        "class_name": class_name,
        "config": policy.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None):
    """The policy described by `serialize`'s dict (or by a name)."""
    if isinstance(config, str):
        return _from_name(config)
    if not isinstance(config, dict) or "config" not in config:
        raise ValueError(
            f"Cannot deserialize a dtype policy from {config!r}: expected a dict with "
            "'class_name' and 'config'."
        )
    class_name = config.get("class_name", "DTypePolicy")
    classes = dict(_policy_classes())
    classes.update(custom_objects or {})
    if class_name not in classes:
        raise ValueError(
            f"Unknown dtype policy class {class_name!r}; expected one of "
            f"{', '.join(sorted(classes))} (or pass it in `custom_objects`)."
        )
    return classes[class_name].from_config(config["config"])
