"""The ops the openvino backend cannot run, each with the reason: the one place they are
listed (the README's list is checked against this dict by unsupported_test.py).

An op module defines such a function as `name = unsupported.stub("<module>.<name>")`, so
every backend module keeps the same names; calling it raises NotImplementedError with the
reason. There is no fallback to another engine.
"""

# "<module>.<function>" -> why OpenVINO cannot express it.
REASONS = {
    # linalg
    "linalg.eig": "OpenVINO has no complex element type to hold the eigenvalues and "
    "eigenvectors of a general (non-symmetric) matrix",
    "linalg.jvp": "OpenVINO has no automatic differentiation (its graphs run "
    "inference only)",
    # nn
    "nn.polar": "OpenVINO has no complex element type to hold the result",
    # spectral
    "spectral.view_as_complex": "OpenVINO has no complex element type to hold the "
    "result (its DFT operations keep complex values as a trailing axis of two)",
}


def stub(qualified_name):
    """A function that raises NotImplementedError naming the op and the reason."""
    try:
        reason = REASONS[qualified_name]
    except KeyError:
        raise KeyError(
            f"unsupported.stub({qualified_name!r}): add its reason to "
            "keras/backends/openvino/unsupported.py REASONS first."
        ) from None
    module, function = qualified_name.split(".")

    def unsupported(*args, **kwargs):
        raise NotImplementedError(
            f"keras.ops {function} ({module}) is not available on the openvino backend: "
            f"{reason}. Use another backend (KERAS_BACKEND=jax, torch, tensorflow or "
            "numpy) for it."
        )

    unsupported.__name__ = function
    unsupported.__qualname__ = function
    unsupported.unsupported_reason = reason
    return unsupported
