"""One process of the 2-process keras.distribution tests on JAX (jax_multiprocess_test).

    python keras/distribution/testdata/jax_worker.py OUT.npz [--die-at-step N
        [--dying-process P]]

The job comes from the KERAS_DISTRIBUTION_* environment variables (and each process's
CPU device count from XLA_FLAGS). Every process
trains the same model with DataParallel over all the job's devices, reading only its
own rows of each global batch, then evaluates and predicts on those rows and saves the
weights, the loss and its predictions to OUT.npz. With `--die-at-step N`, process P
(default 1) exits abruptly after N training steps (to test that the others stop with an
error).

The data, model and its rows are helpers here so the test builds the same ones.
"""

import os
import sys

import numpy as np

GLOBAL_BATCH = 16
SAMPLES = 64
EPOCHS = 2


def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((SAMPLES, 6)).astype("float32")
    y = rng.standard_normal((SAMPLES, 3)).astype("float32")
    return x, y


def model():
    """The compiled model, with the same starting weights in every process."""
    import keras

    built = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(8, activation="relu", name="d1"),
            keras.layers.Dense(3, name="d2"),
        ]
    )
    rng = np.random.default_rng(1)
    built.set_weights(
        [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in built.get_weights()]
    )
    built.compile(keras.optimizers.SGD(0.05), "mse")
    return built


def process_rows(array, process_id, num_processes):
    """The rows of each global batch that process `process_id` reads, in order."""
    local = GLOBAL_BATCH // num_processes
    batches = array.reshape(-1, GLOBAL_BATCH, *array.shape[1:])
    mine = batches[:, process_id * local : (process_id + 1) * local]
    return mine.reshape(-1, *array.shape[1:])


def main(argv):
    import keras
    from keras import distribution

    out, options = argv[0], dict(zip(argv[1::2], argv[2::2]))
    die_at = int(options.get("--die-at-step", 0))
    dying = int(options.get("--dying-process", 1))
    distribution.initialize()
    data_parallel = distribution.DataParallel()
    process_id, count = data_parallel.process_id, data_parallel.num_processes
    distribution.set_distribution(data_parallel)
    # Unseeded initializers give every process the same weights (initialize() shares
    # one seed).
    unseeded = keras.layers.Dense(4)
    unseeded.build((None, 3))
    trained = model()
    x, y = data()
    local_x, local_y = process_rows(x, process_id, count), process_rows(y, process_id, count)

    class Die(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if process_id == dying and batch + 1 == die_at:
                print(f"worker {process_id}: exiting abruptly", flush=True)
                os._exit(17)

    trained.fit(
        local_x,
        local_y,
        batch_size=GLOBAL_BATCH // count,
        epochs=EPOCHS,
        shuffle=False,
        verbose=0,
        callbacks=[Die()] if die_at else None,
    )
    loss = trained.evaluate(local_x, local_y, batch_size=GLOBAL_BATCH // count, verbose=0)
    predictions = trained.predict(local_x, batch_size=GLOBAL_BATCH // count, verbose=0)
    np.savez(
        out,
        *trained.get_weights(),
        loss=np.float32(loss),
        predictions=predictions,
        devices=np.array(distribution.list_devices()),
        unseeded=unseeded.kernel.numpy(),
        process_id=process_id,
    )
    print(f"worker {process_id}: done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
