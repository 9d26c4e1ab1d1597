"""The `distribution` module of a backend that cannot distribute (numpy, tensorflow,
openvino): one CPU device, one process, and a clear error for anything more."""

SUPPORTED_BY = "the jax backend (DataParallel, ModelParallel) and the torch backend (DataParallel)"


def unsupported(backend):
    """The functions of the backend distribution contract for `backend`, in the order
    of keras.backends.<backend>.distribution's assignment."""

    def refuse(what):
        raise NotImplementedError(
            f"{what} is not supported on the {backend} backend; keras.distribution works "
            f"on {SUPPORTED_BY}. Set KERAS_BACKEND=jax or torch to distribute."
        )

    def list_devices(device_type=None):
        if device_type is not None and str(device_type).lower() != "cpu":
            return []
        return ["cpu:0"]

    def get_device_count(device_type=None):
        return len(list_devices(device_type))

    def initialize(job_addresses, num_processes, process_id):
        if (num_processes or 1) > 1 or job_addresses:
            refuse("keras.distribution.initialize() with several processes")

    def num_processes():
        return 1

    def process_id():
        return 0

    def validate(distribution):
        refuse(f"keras.distribution.{type(distribution).__name__}")

    def to_backend_mesh(device_mesh):
        refuse("DeviceMesh.backend_mesh")

    def to_backend_layout(layout):
        refuse("TensorLayout.backend_layout")

    def distribute_tensor(tensor, layout):
        refuse("keras.distribution.distribute_tensor")

    def distribute_variable(value, layout):
        refuse("Distributing a variable")

    def distribute_data_input(data, layout, batch_dim_name):
        refuse("Distributing a batch")

    return (
        list_devices,
        get_device_count,
        initialize,
        num_processes,
        process_id,
        validate,
        to_backend_mesh,
        to_backend_layout,
        distribute_tensor,
        distribute_variable,
        distribute_data_input,
    )
