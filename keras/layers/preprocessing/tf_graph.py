"""FarmHash64 hashing as TensorFlow computes it, for Hashing and HashedCrossing on any
backend (Keras 3 hashes with these kernels; no keras.ops equivalent exists).

The numeric layers' math is not repeated here: they are TFDataLayers, whose keras.ops
code runs as TensorFlow ops inside `tf.data`. This module imports TensorFlow; the
hashing layers import it only when they hash.
"""

import tensorflow as tf


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
