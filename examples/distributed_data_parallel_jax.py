"""Data-parallel training on the jax backend: two processes on this machine.

Start both processes (two shells, or `&` for the first), with the same free port; from
the repository root, `tools/python` runs the project's environment:

    export KERAS_BACKEND=jax KERAS_DISTRIBUTION_JOB_ADDRESSES=localhost:12355 \\
        KERAS_DISTRIBUTION_NUM_PROCESSES=2
    KERAS_DISTRIBUTION_PROCESS_ID=0 tools/python examples/distributed_data_parallel_jax.py &
    KERAS_DISTRIBUTION_PROCESS_ID=1 tools/python examples/distributed_data_parallel_jax.py

Process 0 is the coordinator, at the first address of KERAS_DISTRIBUTION_JOB_ADDRESSES.
On several machines, give every process that same address (machine 0's host:port) and
its own process id. On CPU each process has one device; to try several per process, add
XLA_FLAGS=--xla_force_host_platform_device_count=2 (on GPUs: one per GPU).

Each process reads its own part of the data (the arrays a process gives to `fit` are its
part), and all the processes' parts of a step make one global batch, split over every
device of the job; the model's weights are replicated on every device and JAX averages
the gradients over the global batch, so the weights stay identical everywhere. Every
process must run the same number of steps: give each a part of the same size, with a
per-process batch size that divides it. If a process dies, the others stop with an error
from jax.distributed after its heartbeat timeout (100 s by default;
KERAS_DISTRIBUTION_HEARTBEAT_TIMEOUT sets it in seconds).
"""

import numpy as np

import keras


def main():
    keras.distribution.initialize()  # reads the KERAS_DISTRIBUTION_* variables
    data_parallel = keras.distribution.DataParallel()  # every device of the job
    keras.distribution.set_distribution(data_parallel)
    rank, world = data_parallel.process_id, data_parallel.num_processes

    # The whole data set, the same in every process (e.g. the list of files to read).
    rng = np.random.RandomState(0)
    x = rng.normal(size=(4096, 20)).astype("float32")
    y = (x @ rng.normal(size=(20, 1)) > 0).astype("float32")
    # This process's part: every world-th sample, starting at its rank.
    x_part, y_part = x[rank::world], y[rank::world]

    # Unseeded initializers give every process the same weights: initialize() shared
    # one random seed across the job.
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    # batch_size is per process: the global batch is batch_size * world samples.
    history = model.fit(
        x_part, y_part, batch_size=64, epochs=3, verbose=2 if rank == 0 else 0
    )
    results = model.evaluate(x_part, y_part, batch_size=256, verbose=0, return_dict=True)
    predictions = model.predict(x_part[:8], batch_size=8, verbose=0)  # this process's rows
    if rank == 0:
        print(f"{world} processes, {len(data_parallel.device_mesh.devices)} devices")
        print(f"last epoch: {history.history['loss'][-1]:.4f} loss")
        print(f"evaluation over all processes' data: {results}")
        print(f"predictions for this process's first rows: {predictions.ravel()[:4]}")


if __name__ == "__main__":
    main()
