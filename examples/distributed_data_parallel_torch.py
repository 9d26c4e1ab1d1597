"""Data-parallel training on the torch backend: two processes, one replica each.

Run it with torchrun (2 processes on this machine; gloo on CPU, nccl on GPUs):

    KERAS_BACKEND=torch python -m torch.distributed.run --standalone --nproc_per_node=2 \\
        examples/distributed_data_parallel_torch.py

(`tools/python -m torch.distributed.run ...` from the repository root uses the project's
environment.) On several machines, run on each one, with the same address of machine 0:

    KERAS_BACKEND=torch torchrun --nnodes=2 --node_rank=<0 or 1> --nproc_per_node=<GPUs> \\
        --master_addr=<machine 0> --master_port=29500 examples/distributed_data_parallel_torch.py

Without torchrun, set KERAS_DISTRIBUTION_JOB_ADDRESSES=host:port,
KERAS_DISTRIBUTION_NUM_PROCESSES and KERAS_DISTRIBUTION_PROCESS_ID in each process.

Each process reads its own part of the data (the arrays a process gives to `fit` are its
part) and trains a full copy of the model; the gradients are averaged across the
processes at every step, so the copies stay identical, and the logged loss and metrics
are those of all the processes' data together.
"""

import numpy as np

import keras


def main():
    keras.distribution.initialize()  # reads torchrun's RANK, WORLD_SIZE, MASTER_ADDR/PORT
    keras.distribution.set_distribution(keras.distribution.DataParallel())
    rank = keras.distribution.distribution().process_id
    world = keras.distribution.distribution().num_processes

    # The whole data set, the same in every process (e.g. the list of files to read).
    rng = np.random.RandomState(0)
    x = rng.normal(size=(4096, 20)).astype("float32")
    y = (x @ rng.normal(size=(20, 1)) > 0).astype("float32")
    # This process's part: every world-th sample, starting at its rank.
    x_part, y_part = x[rank::world], y[rank::world]

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
    if rank == 0:
        print(f"{world} processes; last epoch: {history.history['loss'][-1]:.4f} loss")
        print(f"evaluation over all processes' data: {results}")


if __name__ == "__main__":
    main()
