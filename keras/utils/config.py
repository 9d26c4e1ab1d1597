"""Config: a dict whose keys are also attributes, which can be frozen."""

import json


class Config:
    """A mapping of settings readable as attributes (`config.lr`) or keys.

    `freeze()` makes it read-only (assignments then raise ValueError) until
    `unfreeze()`.

    Args:
        **kwargs: the initial settings.

    >>> config = keras.utils.Config(learning_rate=0.1)
    >>> config.batch_size = 32
    >>> config.as_dict()
    {'learning_rate': 0.1, 'batch_size': 32}
    """

    def __init__(self, **kwargs):
        object.__setattr__(self, "_config", dict(kwargs))
        object.__setattr__(self, "_frozen", False)

    @property
    def frozen(self):
        """True while the config is read-only."""
        return self._frozen

    def freeze(self):
        """Makes the config read-only."""
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self):
        """Makes the config writable again."""
        object.__setattr__(self, "_frozen", False)

    def _raise_if_frozen(self):
        if self._frozen:
            raise ValueError(
                "Cannot mutate attribute(s) because the config is frozen: call "
                "`unfreeze()` first."
            )

    def as_dict(self):
        """A copy of the settings as a dict."""
        return dict(self._config)

    def to_json(self):
        """The settings as a JSON string."""
        return json.dumps(self._config)

    def keys(self):
        return self._config.keys()

    def values(self):
        return self._config.values()

    def items(self):
        return self._config.items()

    def get(self, key, default=None):
        return self._config.get(key, default)

    def pop(self, *args):
        self._raise_if_frozen()
        return self._config.pop(*args)

    def update(self, *args, **kwargs):
        self._raise_if_frozen()
        self._config.update(*args, **kwargs)

    def __getattr__(self, name):
        # Only reached for names that are not real attributes; the two slots are
        # missing only on a half-built copy (unpickling), where a lookup would recurse.
        if name.startswith("__") or name in ("_config", "_frozen"):
            raise AttributeError(name)
        try:
            return self._config[name]
        except KeyError:
            raise AttributeError(f"Unknown attribute: {name!r}.") from None

    def __setattr__(self, name, value):
        self._raise_if_frozen()
        self._config[name] = value

    def __delattr__(self, name):
        self._raise_if_frozen()
        try:
            del self._config[name]
        except KeyError:
            raise AttributeError(f"Unknown attribute: {name!r}.") from None

    def __getitem__(self, key):
        return self._config[key]

    def __setitem__(self, key, value):
        self._raise_if_frozen()
        self._config[key] = value

    def __delitem__(self, key):
        self._raise_if_frozen()
        del self._config[key]

    def __contains__(self, key):
        return key in self._config

    def __iter__(self):
        return iter(self._config)

    def __len__(self):
        return len(self._config)

    def __repr__(self):
        return f"<Config {self._config}>"

    def __getstate__(self):
        return {"_config": self._config, "_frozen": self._frozen}

    def __setstate__(self, state):
        object.__setattr__(self, "_config", state["_config"])
        object.__setattr__(self, "_frozen", state["_frozen"])
