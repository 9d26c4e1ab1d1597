"""TensorFlow ops for the preprocessing layers, on any backend: used inside
`tf.data.Dataset.map` (graph tensors), and for hashing, which is FarmHash64 as
TensorFlow computes it.

This is the one module of the package that imports TensorFlow; the layers import it only
when given a tf tensor or asked to hash.
"""

import numpy as np
import tensorflow as tf


def is_graph_tensor(x):
    """Whether `x` is a symbolic tf tensor (a tf.function or tf.data graph)."""
    return isinstance(x, tf.Tensor) and not hasattr(x, "numpy")


def cast(x, dtype):
    """`x` in `dtype`."""
    return tf.cast(x, dtype)


def normalize(x, mean, variance, invert, epsilon, dtype):
    """(x - mean) / max(sqrt(variance), epsilon), or its inverse, in `dtype`."""
    x = tf.cast(x, dtype)
    mean = tf.constant(np.asarray(mean), dtype=dtype)
    scale = tf.maximum(tf.sqrt(tf.constant(np.asarray(variance), dtype=dtype)), epsilon)
    if invert:
        return mean + x * scale
    return (x - mean) / scale


def digitize(x, boundaries):
    """Bucket indices (int64) of `x`: i with boundaries[i - 1] <= x < boundaries[i]."""
    buckets = tf.raw_ops.Bucketize(
        input=tf.cast(x, "float32"), boundaries=[float(b) for b in boundaries]
    )
    return tf.cast(buckets, "int64")


def encode(inputs, output_mode, depth, count_weights=None, dtype="float32"):
    """`preprocessing_utils.encode` with TensorFlow ops."""
    if output_mode == "int":
        return inputs
    inputs = tf.cast(inputs, "int64")
    if output_mode == "one_hot":
        if inputs.shape.rank > 1 and inputs.shape[-1] == 1:
            inputs = tf.squeeze(inputs, axis=-1)
        return tf.one_hot(inputs, depth, dtype=dtype)
    hot = tf.one_hot(inputs, depth, dtype=dtype)
    if output_mode == "multi_hot":
        return tf.reduce_max(hot, axis=-2)
    if count_weights is not None:
        hot = hot * tf.expand_dims(tf.cast(count_weights, dtype), -1)
    return tf.reduce_sum(hot, axis=-2)


def hash_values(x, num_bins, mask_value=None, salt=None):
    """int64 bins of `x` (strings, or numbers hashed through their decimal text as
    Keras does): FarmHash64 (keyed SipHash when `salt` is given) modulo the bins; with
    a `mask_value`, that value maps to 0 and the rest to [1, num_bins)."""
    x = tf.convert_to_tensor(x)
    mask = None
    if mask_value is not None:
        mask = tf.equal(x, tf.constant(mask_value, dtype=x.dtype))
    text = x if x.dtype == tf.string else tf.strings.as_string(x)
    bins = num_bins - 1 if mask_value is not None else num_bins
    if salt is not None:
        hashed = tf.strings.to_hash_bucket_strong(text, bins, key=list(salt))
    else:
        hashed = tf.strings.to_hash_bucket_fast(text, bins)
    if mask is not None:
        hashed = tf.where(mask, tf.zeros_like(hashed), hashed + 1)
    return hashed


def cross_hashed(inputs, num_bins):
    """int64 bins of the feature cross of `inputs` (tensors of one shape, rank 1 or 2
    with one column), hashed as `tf.sparse.cross_hashed` does; rank-1 in, rank-1 out."""
    inputs = [tf.convert_to_tensor(x) for x in inputs]
    # cross_hashed takes int64 and string columns only.
    inputs = [x if x.dtype == tf.string else tf.cast(x, "int64") for x in inputs]
    rank1 = inputs[0].shape.rank == 1
    columns = [tf.reshape(x, (-1, 1)) for x in inputs]
    crossed = tf.sparse.to_dense(tf.sparse.cross_hashed(columns, num_buckets=num_bins))
    return tf.reshape(crossed, (-1,)) if rank1 else crossed
