"""Why a backend cannot run a test target yet: the shared `exclude_backends` values.

Each constant maps backend -> reason, for `keras_py_test(exclude_backends = ...)`; it is
named after what the target needs. When a backend can run some of a target's tests but not
all, drop the target's exclusion and list the failing tests, each with its reason, in
keras/backends/<backend>/excluded_tests.txt instead (see tools/excluded_tests.py).
"""

_OPENVINO_INFERENCE = "openvino is an inference backend: OpenVINO has no automatic differentiation, so nothing trains there"

# Calls keras.ops eagerly: every backend runs them now (the ops openvino cannot express
# are stubs listed in keras/backends/openvino/unsupported.py, and the tests of those
# are listed in keras/backends/openvino/excluded_tests.txt).
NEEDS_OPS = {}

# Takes gradients (jax.grad, torch autograd, tf.GradientTape).
NEEDS_AUTODIFF = {
    "numpy": "the numpy backend has no automatic differentiation",
    "openvino": _OPENVINO_INFERENCE,
}

# Trains through fit / train_on_batch.
NEEDS_TRAINING = {
    "numpy": "the numpy backend does not train: fit needs automatic differentiation",
    "openvino": _OPENVINO_INFERENCE,
}
