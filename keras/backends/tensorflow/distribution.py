"""keras.distribution on the tensorflow backend: one device, one process; distributing raises a
clear error (see keras.backends.common.distribution_utils)."""

from keras.backends.common import distribution_utils

(
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
) = distribution_utils.unsupported("tensorflow")
