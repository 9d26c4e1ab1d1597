"""SeedGenerator, and `draw_seed`: how every random op turns its `seed` into a tensor.

The backend random functions are stateless: they take a seed tensor of shape (2,) and
dtype int32, and the same seed tensor always gives the same numbers. The state lives
here, on the Keras side: an int seed is the fixed tensor `[seed, 0]`, a SeedGenerator
hands out `[seed, counter]` and advances its counter, and `seed=None` draws a fresh seed
from Python's `random` module (so `random.seed(...)` makes unseeded calls repeatable).
"""

import random as python_random

from keras.backends import active
from keras.backends import tf_graph
from keras.backends.common.name_scope import auto_name
from keras.backends.common.name_scope import name_scope

SEED_DTYPE = "int32"
# Seeds are reduced to [0, 2**31) so that they fit SEED_DTYPE on every backend.
_SEED_RANGE = 2**31


def _check_int_seed(seed, argument="seed"):
    # bool is an int in Python, but a seed of True is surely a mistake.
    if isinstance(seed, bool) or not hasattr(seed, "__index__"):
        raise ValueError(
            f"`{argument}` must be None, an int or a keras.random.SeedGenerator; "
            f"got {seed!r} of type {type(seed).__name__}."
        )
    return int(seed) % _SEED_RANGE


class SeedGenerator:
    """A stateful source of seeds for the random ops.

    Each use by a random op advances the generator, so successive calls give different
    numbers, while a new generator built with the same `seed` replays the same sequence.
    The state is a non-trainable `keras.Variable` of shape (2,): `[seed, counter]`.

    Args:
        seed: an int, or None for a seed drawn from Python's `random` module.
        name: the name of the generator; defaults to a unique "seed_generator[_N]".
        **kwargs: not accepted (a ValueError names them); kept in the signature for
            compatibility with the Keras 3 API.

    >>> gen = keras.random.SeedGenerator(seed=42)
    >>> a = keras.random.normal((2, 3), seed=gen)
    >>> b = keras.random.normal((2, 3), seed=gen)  # differs from `a`
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments for SeedGenerator: {sorted(kwargs)}."
            )
        if seed is None:
            seed = python_random.randint(0, _SEED_RANGE - 1)
        self._initial_seed = _check_int_seed(seed)
        self.name = auto_name("seed_generator") if name is None else name
        with name_scope(self.name):
            self.state = active.Variable(
                [self._initial_seed, 0],
                dtype=SEED_DTYPE,
                trainable=False,
                autocast=False,
                name="seed_generator_state",
            )

    def next(self, ordered=True):
        """Returns the current seed, a (2,) int32 tensor, and advances the state.

        `ordered` is accepted for compatibility with Keras 3, where it concerns
        distributed TensorFlow; every call here is ordered.
        """
        if _in_borrowed_graph():
            # Ops with one op seed repeat each other's values in a TensorFlow graph: each
            # draw traced from this generator gets its own (still reproducible) op seed.
            self._graph_draws = getattr(self, "_graph_draws", 0) + 1
            op_seed = (self._initial_seed + 7919 * self._graph_draws) % _SEED_RANGE
            return tf_graph.fresh_seed(op_seed)
        # A copy: the torch backend assigns the state in place.
        seed = self.state.value * 1
        self.state.assign(seed + active.convert_to_tensor([0, 1], dtype=SEED_DTYPE))
        return seed

    def get_config(self):
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<SeedGenerator name={self.name}, seed={self._initial_seed}>"


def check_seed(seed):
    """Raises the ValueError `draw_seed` gives for a bad `seed`, without drawing a seed
    (a SeedGenerator does not advance): for ops traced on KerasTensors."""
    if seed is not None and not isinstance(seed, SeedGenerator):
        _check_int_seed(seed)


def draw_seed(seed):
    """The (2,) int32 seed tensor a random op uses for `seed` (None, int, generator)."""
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is None:
        if _in_borrowed_graph():
            # Traced once, run per element: a constant would repeat every draw.
            return tf_graph.fresh_seed(None)
        value = python_random.randint(0, _SEED_RANGE - 1)
    else:
        value = _check_int_seed(seed)
    return active.convert_to_tensor([value, 0], dtype=SEED_DTYPE)


def _in_borrowed_graph():
    """Whether ops run as TensorFlow graph ops for another backend (see
    `keras.backends.active.borrowed`): there, generator states cannot advance."""
    return active.borrowed_from is not None and active.name == "tensorflow"
