"""TFDataLayer: the base of the layers that also run inside a `tf.data` pipeline.

Keras 3 lets its preprocessing layers be mapped over a `tf.data.Dataset` whatever the
backend: there, inputs are TensorFlow graph tensors, and the layer's ops are traced as
TensorFlow ops. A subclass writes its `call` once against `keras.ops` and
`keras.random`; when this layer meets graph tensors on another backend, it runs the
call inside `keras.backends.active.borrowed("tensorflow")`, after building itself on the
start-up engine (its variables stay that engine's; their values enter the trace as
constants).
"""

from keras.backends import active
from keras.backends import tf_graph
from keras.layers.layer import Layer


class TFDataLayer(Layer):
    """A layer whose call also runs on TensorFlow graph tensors (in `tf.data`)."""

    def __call__(self, *args, **kwargs):
        if active.name != "tensorflow" and tf_graph.any_graph_tensor((args, kwargs)):
            if not self.built:
                self._maybe_build(self._signature(), args, kwargs)
                self.built = True
            with active.borrowed("tensorflow"):
                return super().__call__(*args, **kwargs)
        return super().__call__(*args, **kwargs)
