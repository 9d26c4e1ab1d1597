"""Interop layers: a torch.nn.Module, JAX functions, a Flax module or a TensorFlow
SavedModel used as a Keras layer.

Each layer lives in its own module and works with its own backend only; `keras.layers`
loads them lazily by name.
"""
