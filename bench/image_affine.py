"""`affine_transform` on the tensorflow backend: TensorFlow's ImageProjectiveTransformV3
kernel (the registry's fast path) against the reference composition it replaces.

    tools/python bench/image_affine.py                          # tensorflow and jax
    tools/python bench/image_affine.py --backends jax --rounds 5

Per backend, in one process, alternating the two paths round by round (the reference
is forced with `registry.set_reference_only`, which turns off only "call" entries), the
best round of each:

- `tf.data RandomRotation`: 2048 random 64x64x3 float32 images through
  `keras.layers.RandomRotation(0.1)` (training=True) in a `Dataset.map`, iterated to
  the end, the map given batches of 32 (unknown batch size) or single images (then
  batched); the map is traced afresh each round. Inside tf.data the layer runs on
  TensorFlow ops whatever the backend. The graph size of the layer traced on a
  batch of unknown size is printed too.
- `eager affine_transform` (tensorflow backend only): one
  `keras.ops.image.affine_transform` call on a (32, 64, 64, 3) batch, bilinear and
  "reflect" (the augmentation layers' default), best of 20 calls per round.
"""

import argparse
import os
import subprocess
import sys
import time


def _measure(rounds):
    import numpy as np
    import tensorflow as tf

    import keras
    from keras.backends import active
    from keras.backends.common import registry

    images = np.random.default_rng(0).uniform(0, 1, (2048, 64, 64, 3)).astype("float32")

    def dataset_time(per_image=False):
        layer = keras.layers.RandomRotation(0.1, seed=1)
        dataset = tf.data.Dataset.from_tensor_slices(images)
        if not per_image:
            dataset = dataset.batch(32)
        mapped = dataset.map(lambda x: layer(x, training=True))
        if per_image:
            mapped = mapped.batch(32)
        start = time.perf_counter()
        for _ in mapped:
            pass
        return time.perf_counter() - start

    def graph_size():
        layer = keras.layers.RandomRotation(0.1, seed=1)
        spec = tf.TensorSpec((None, 64, 64, 3), tf.float32)
        traced = tf.function(lambda x: layer(x, training=True))
        ops = traced.get_concrete_function(spec).graph.get_operations()
        kernels = sum(op.type == "ImageProjectiveTransformV3" for op in ops)
        return len(ops), kernels

    batch = images[:32]
    transform = np.tile(
        np.asarray([[0.98, -0.17, 6.0, 0.17, 0.98, -5.0, 0.0, 0.0]], "float32"), (32, 1)
    )

    def eager_time():
        x = keras.ops.convert_to_tensor(batch)
        best = float("inf")
        for _ in range(20):
            start = time.perf_counter()
            out = keras.ops.image.affine_transform(x, transform, fill_mode="reflect")
            keras.ops.convert_to_numpy(out)
            best = min(best, time.perf_counter() - start)
        return best

    results = {}
    for label, reference in (("kernel", False), ("composition", True)):
        registry.set_reference_only(reference)
        nodes, kernels = graph_size()
        print(f"  {label}: {nodes} graph nodes, {kernels} ImageProjectiveTransformV3")
        registry.set_reference_only(False)
    for _ in range(rounds):
        for label, reference in (("composition", True), ("kernel", False)):
            registry.set_reference_only(reference)
            try:
                rows = {
                    "tf.data RandomRotation, batches of 32 (s)": dataset_time(),
                    "tf.data RandomRotation, per image (s)": dataset_time(True),
                }
                if active.name == "tensorflow":
                    rows["eager affine_transform 32x64x64x3 (ms)"] = eager_time() * 1e3
            finally:
                registry.set_reference_only(False)
            for row, value in rows.items():
                best = results.setdefault(row, {}).get(label, float("inf"))
                results[row][label] = min(best, value)
    for row, values in results.items():
        old, new = values["composition"], values["kernel"]
        print(f"  {row}: composition {old:.3f}, kernel {new:.3f} ({old / new:.1f}x)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="tensorflow,jax")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.rounds)
        return
    for backend in args.backends.split(","):
        print(f"{backend}:", flush=True)
        env = dict(os.environ, KERAS_BACKEND=backend)
        command = [sys.executable, __file__, "--child", "--rounds", str(args.rounds)]
        subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
