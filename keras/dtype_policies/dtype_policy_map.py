"""DTypePolicyMap: per-layer dtype policies of a model, keyed by layer path.

A quantized model records which of its layers were quantized, and how, as one
DTypePolicyMap: keys are layer paths ("decoder/layer_3/dense") or regular expressions
matched against the whole path ("decoder/layer_.*/dense"); a path matching no key
gets the default policy.
"""

import collections.abc
import re

from keras.dtype_policies import dtype_policy as policies


class DTypePolicyMap(policies.DTypePolicy, collections.abc.MutableMapping):
    """A mapping from layer paths to dtype policies, itself usable as a policy.

    Looking up a path returns the policy of the key equal to it; otherwise of the one
    key that, as a regular expression, matches the whole path (several matching keys
    raise an error); otherwise the default policy. As a policy (e.g. a model's
    `dtype`), it behaves as its default policy.

    Args:
        default_policy: the policy of unmatched paths (a policy or a name; default:
            the global dtype policy).
        policy_map: a dict of paths (or patterns) to policies or policy names.

    >>> policy_map = keras.dtype_policies.DTypePolicyMap()
    >>> policy_map["encoder/dense"] = "int8_from_float32"
    >>> policy_map["encoder/dense"].quantization_mode
    'int8'
    """

    def __init__(self, default_policy=None, policy_map=None):
        if isinstance(default_policy, DTypePolicyMap):
            raise ValueError("`default_policy` cannot be a `DTypePolicyMap`.")
        if policy_map is not None and not isinstance(policy_map, dict):
            raise TypeError(
                "If specified, `policy_map` must be a dict. "
                f"Received: policy_map={policy_map!r} of type {type(policy_map)}"
            )
        self._default_policy_arg = default_policy
        self._default_policy = policies.get(default_policy)
        self._policy_map = {}
        for key, policy in (policy_map or {}).items():
            self[key] = policy

    @property
    def name(self):
        return "map_" + self._default_policy.name

    @property
    def default_policy(self):
        return self._default_policy

    @property
    def variable_dtype(self):
        return self._default_policy.variable_dtype

    @property
    def compute_dtype(self):
        return self._default_policy.compute_dtype

    @property
    def quantization_mode(self):
        return self._default_policy.quantization_mode

    def __getitem__(self, key):
        if key in self._policy_map:
            return self._policy_map[key]
        matches = [pattern for pattern in self._policy_map if re.fullmatch(pattern, key)]
        if len(matches) > 1:
            raise ValueError(
                f"Path '{key}' matches multiple dtype policy specification keys: "
                f"{matches}. Please make sure each path only matches at most one dtype "
                "policy specification key in the DTypePolicyMap."
            )
        if matches:
            return self._policy_map[matches[0]]
        return self._default_policy

    def __setitem__(self, key, policy):
        if key in self._policy_map:
            raise ValueError(
                f"{key} already exist in the DTypePolicyMap with value "
                f"{self._policy_map[key]}. Please make sure to not use duplicated keys."
            )
        try:
            policy = policies.get(policy)
        except Exception:
            raise ValueError(
                "Cannot interpret the assigned value by `keras.dtype_policies.get`. "
                f"Received: {policy!r} of type {type(policy)}"
            ) from None
        self._policy_map[key] = policy

    def __delitem__(self, key):
        return self._policy_map.pop(key)

    def __contains__(self, key):
        return key in self._policy_map

    def __iter__(self):
        return iter(self._policy_map)

    def __len__(self):
        return len(self._policy_map)

    def __eq__(self, other):
        return (
            isinstance(other, DTypePolicyMap)
            and other._default_policy == self._default_policy
            and other._policy_map == self._policy_map
        )

    __hash__ = None

    def get_config(self):
        default = self._default_policy_arg
        if isinstance(default, policies.DTypePolicy):
            default = policies.serialize(default)
        return {
            "default_policy": default,
            "policy_map": {
                key: policies.serialize(policy) for key, policy in self._policy_map.items()
            },
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["default_policy"] = _read(config.get("default_policy"))
        config["policy_map"] = {
            key: _read(value) for key, value in (config.get("policy_map") or {}).items()
        }
        return cls(**config)

    def __repr__(self):
        mapping = [(key, policy.name) for key, policy in self._policy_map.items()]
        return (
            f"<DTypePolicyMap at {hex(id(self))} "
            f"default_policy={self._default_policy.name}, mapping={mapping}>"
        )


def _read(value):
    if isinstance(value, dict):
        return policies.deserialize(value)
    return value
