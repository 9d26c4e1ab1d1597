"""TensorFlow graph tensors met outside the TensorFlow backend (inside `tf.data`).

Keras 3 preprocessing layers run in a `tf.data` pipeline whatever the backend. These
helpers recognise that case without importing TensorFlow: when the program has not
imported it, no value can be a TensorFlow tensor.
"""

import sys

from keras.backends.common import tree

# Seeds drawn inside a trace span int32, as the stateless samplers expect.
_SEED_MAX = 2**31 - 1


def _tensorflow():
    return sys.modules.get("tensorflow")


def is_graph_tensor(x):
    """Whether `x` is a symbolic TensorFlow tensor (one being traced, not eager)."""
    tf = _tensorflow()
    if tf is None or not isinstance(x, tf.Tensor):
        return False
    return not tf.executing_eagerly()


def any_graph_tensor(structure):
    """Whether any leaf of a nested structure is a symbolic TensorFlow tensor."""
    tf = _tensorflow()
    if tf is None or tf.executing_eagerly():
        return False
    return any(isinstance(x, tf.Tensor) for x in tree.flatten(structure))


def fresh_seed(seed):
    """A (2,) int32 seed tensor drawn anew each time the traced graph runs.

    A SeedGenerator's state is a variable of the start-up engine, which a TensorFlow
    graph cannot advance; a stateful TensorFlow draw (with the generator's seed as
    its op seed, so a fixed global seed repeats the sequence) takes its place.
    """
    tf = _tensorflow()
    return tf.random.uniform((2,), 0, _SEED_MAX, dtype=tf.int32, seed=seed)
