"""A worker process of torch_distribution_test: joins the job (torchrun's environment or
RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT), trains a small MLP under DataParallel on its
part of the data (or under ModelParallel, `model_parallel`), and saves what the test
compares.

    python -m keras.distribution.testdata.torch_worker train OUT_DIR
    python -m keras.distribution.testdata.torch_worker die OUT_DIR   (process 1 dies)
    python -m keras.distribution.testdata.torch_worker model_parallel OUT_DIR
    python -m keras.distribution.testdata.torch_worker die_model_parallel OUT_DIR

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
            keras.layers.Dense(8, activation="tanh", name="d1"),
            keras.layers.Dense(2, name="d2"),
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


# ModelParallel meshes (shape over the 2 processes) and the kernels' layouts.
MESHES = {"model": (1, 2), "batch": (2, 1)}
LAYOUTS = {".*d1/kernel": (None, "model"), ".*d2/kernel": ("model", None)}
GLOBAL_BATCH = 8


def batch_index(rank, mesh_shape):
    """The index along the batch axis (the first) of process `rank` in a mesh of
    `mesh_shape` (processes in row-major order): the part of the data it reads."""
    return rank // int(np.prod(mesh_shape[1:]))


def model_parallel(out_dir, die=False):
    """Trains under ModelParallel on each mesh of MESHES, with global batches of
    GLOBAL_BATCH samples: along "model" both processes read all the data, along
    "batch" each reads its part. Saves the layouts, losses, weights and outputs."""
    from keras import distribution

    distribution.initialize()
    x, y = data()
    results = {}
    for name, shape in MESHES.items():
        mesh = distribution.DeviceMesh(shape, ["batch", "model"], distribution.list_devices())
        layout_map = distribution.LayoutMap(mesh)
        for key, axes in LAYOUTS.items():
            layout_map[key] = axes
        with distribution.ModelParallel(layout_map=layout_map).scope() as dist:
            rank, parts = dist.process_id, shape[0]
            part = batch_index(rank, shape)
            xs, ys = shard(x, part, parts), shard(y, part, parts)
            model = make_model(seed=1 + rank)  # process 0's initial values must win
            kernel = model.get_layer("d1").kernel.value
            results[f"{name}_placements"] = np.array([str(p) for p in kernel.placements])
            results[f"{name}_local_shapes"] = np.array(
                [tuple(model.get_layer(n).kernel.value.to_local().shape) for n in ("d1", "d2")]
            )
            batch = GLOBAL_BATCH // parts
            callbacks = [_die_after(2)] if die and rank == 1 else []
            try:
                history = model.fit(
                    xs, ys, batch_size=batch, epochs=2, shuffle=False, verbose=0,
                    callbacks=callbacks,
                )
            except RuntimeError as error:
                print(f"WORKER {rank} ERROR: {error}", flush=True)
                sys.exit(3)
            momentum = model.optimizer.variables[2]  # d1/kernel's
            results[f"{name}_momentum_local_shape"] = np.array(momentum.value.to_local().shape)
            results[f"{name}_loss"] = np.array(history.history["loss"])
            results[f"{name}_eval"] = np.array(model.evaluate(xs, ys, batch_size=batch, verbose=0))
            results[f"{name}_prediction"] = model.predict(xs, batch_size=batch, verbose=0)
            for i, w in enumerate(model.get_weights()):
                results[f"{name}_w{i}"] = w
            model.save_weights(os.path.join(out_dir, f"{name}_rank{rank}.weights.h5"))
            # Assigning whole values: each process keeps its shard.
            model.set_weights([np.arange(w.size, dtype="float32").reshape(w.shape)
                               for w in model.get_weights()])
            local = model.get_layer("d1").kernel.value.to_local()
            results[f"{name}_set_local"] = local.detach().numpy()
            results[f"{name}_set_full"] = model.get_weights()[0]
    batch_mesh = distribution.DeviceMesh(MESHES["batch"], ["batch", "model"])
    layout_map = distribution.LayoutMap(batch_mesh)
    layout_map[".*d1/kernel"] = ("batch", None)
    try:
        distribution.ModelParallel(layout_map=layout_map)
    except NotImplementedError as error:
        results["batch_split_error"] = str(error)
    np.savez(os.path.join(out_dir, f"mp_rank{rank}.npz"), **results)


def main(mode, out_dir):
    import keras

    if mode in ("model_parallel", "die_model_parallel"):
        return model_parallel(out_dir, die=mode.startswith("die"))

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
