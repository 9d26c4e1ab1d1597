"""A worker process of torch_distribution_test: joins the job (torchrun's environment or
RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT), trains a small MLP under DataParallel on its
part of the data, and saves what the test compares.

    python -m keras.distribution.testdata.torch_worker train OUT_DIR
    python -m keras.distribution.testdata.torch_worker die OUT_DIR   (process 1 dies)

The data and the model come from `data()` and `make_model(seed)`, which the test also
uses for its one-process reference.
"""

import os
import sys

import numpy as np

SAMPLES, FEATURES, BATCH = 32, 5, 4  # BATCH: each process's batch size


def data():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(SAMPLES, FEATURES)).astype("float32")
    y = (x @ rng.normal(size=(FEATURES, 2)) + 0.1).astype("float32")
    return x, y


def shard(array, rank, world):
    """Process `rank`'s part: a contiguous block of the samples."""
    size = len(array) // world
    return array[rank * size : (rank + 1) * size]


def global_order(array, world):
    """The samples reordered so that one process taking batches of `BATCH * world`
    sees, at each step, the concatenation of the processes' batches of that step."""
    parts = [shard(array, r, world) for r in range(world)]
    steps = len(parts[0]) // BATCH
    blocks = [p[i * BATCH : (i + 1) * BATCH] for i in range(steps) for p in parts]
    return np.concatenate(blocks)


def make_model(seed):
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((FEATURES,)),
            keras.layers.Dense(8, activation="tanh"),
            keras.layers.Dense(2),
        ]
    )
    model.compile(keras.optimizers.Adam(0.01), "mse", metrics=["mae"])
    return model


def _die_after(step):
    """A callback that ends this process at once (as a crash would) after `step`
    batches."""
    import keras

    class Die(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch + 1 >= step:
                os._exit(17)

    return Die()


def main(mode, out_dir):
    import keras

    keras.distribution.initialize()
    devices = keras.distribution.list_devices()
    keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
    dist = keras.distribution.distribution()
    rank, world = dist.process_id, dist.num_processes
    # Process 1 starts from other weights: fit must broadcast process 0's.
    model = make_model(seed=1 + rank)
    x, y = data()
    xs, ys = shard(x, rank, world), shard(y, rank, world)
    callbacks = [_die_after(2)] if mode == "die" and rank == 1 else []
    try:
        history = model.fit(
            xs, ys, batch_size=BATCH, epochs=2, shuffle=False, verbose=0, callbacks=callbacks
        )
    except RuntimeError as error:
        print(f"WORKER {rank} ERROR: {error}", flush=True)
        sys.exit(3)
    evaluation = model.evaluate(xs, ys, batch_size=BATCH, verbose=0, return_dict=True)
    prediction = model.predict(xs, batch_size=BATCH, verbose=0)
    np.savez(
        os.path.join(out_dir, f"rank{rank}.npz"),
        devices=np.array(devices),
        loss=np.array(history.history["loss"]),
        mae=np.array(history.history["mae"]),
        eval_loss=evaluation["loss"],
        eval_mae=evaluation["mae"],
        prediction=prediction,
        **{f"w{i}": w for i, w in enumerate(model.get_weights())},
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
