"""AugMix: blend an image with a random mix of augmentation chains."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_augmentation import _op_pool
from keras.layers.preprocessing.image_augmentation._base import per_image

# The operations AugMix draws from, in Keras' order; the colour ones only with
# `all_ops=True`.
_OPS = (
    "random_shear",
    "random_translation",
    "random_rotation",
    "random_posterization",
    "solarization",
    "auto_contrast",
    "equalization",
)


class AugMix(_op_pool.PoolLayer):
    """Mixes each image with a convex combination of augmentation chains.

    Per image: `num_chains` chains each apply `chain_depth` operations drawn
    uniformly from the pool (shear, translation, rotation, posterization,
    solarization, auto contrast, equalization, and with `all_ops=True` also
    brightness, color degeneration, contrast and sharpness), each at a random
    strength within `factor`. The chain results are combined with weights `w`
    drawn from Dirichlet(alpha, ..., alpha), and the output is
    `(1 - m) * x + m * sum_i w_i * chain_i(x)` with `m` drawn from
    Beta(alpha, alpha). Identity when not training. Outputs are floats.

    Args:
        value_range: the `(low, high)` range of the input pixels.
        num_chains: the number of augmentation chains, a positive integer.
        chain_depth: the number of operations per chain, a positive integer.
        factor: the strength range of the operations, a number `f` (the tuple
            `(0, f)`) or a tuple `(lower, upper)` in `[0, 1]`.
        alpha: the concentration of the Dirichlet and Beta draws, a positive
            number.
        all_ops: whether the colour operations are in the pool.
        interpolation: the resampling of the geometric operations, "nearest" or
            "bilinear".
        seed: an integer seed for reproducible draws.
        data_format: "channels_last" or "channels_first".
    """

    def __init__(
        self,
        value_range=(0, 255),
        num_chains=3,
        chain_depth=3,
        factor=0.3,
        alpha=1.0,
        all_ops=True,
        interpolation="bilinear",
        seed=None,
        data_format=None,
        **kwargs,
    ):
        _op_pool.check_count(num_chains, "num_chains")
        _op_pool.check_count(chain_depth, "chain_depth")
        if (
            not isinstance(alpha, (int, float))
            or isinstance(alpha, bool)
            or alpha <= 0
        ):
            raise ValueError(
                f"`alpha` must be a positive number; received alpha={alpha!r}."
            )
        if not isinstance(all_ops, bool):
            raise TypeError(
                f"`all_ops` must be a bool; received all_ops={all_ops!r}."
            )
        names = _OPS + (_op_pool.COLOR_OPS if all_ops else ())
        super().__init__(
            names,
            value_range=value_range,
            factor=factor,
            interpolation=interpolation,
            seed=seed,
            data_format=data_format,
            **kwargs,
        )
        self.num_chains = num_chains
        self.chain_depth = chain_depth
        self.alpha = alpha
        self.all_ops = all_ops

    def draw(self, images):
        batch = self.batch_size(images)
        # All from one Gamma(alpha) call (one compilation on jax; inside a tf.data
        # map, separate calls would share their seed): the first `num_chains`
        # normalised give the Dirichlet chain weights, the last two give the
        # Beta(alpha, alpha) mix weight as g1 / (g1 + g2).
        gammas = random.gamma(
            (batch, self.num_chains + 2),
            self.alpha,
            dtype=self.compute_dtype,
            seed=self.generator,
        )
        chains = gammas[:, : self.num_chains]
        chain_weights = chains / ops.sum(chains, axis=1, keepdims=True)
        pair = gammas[:, self.num_chains :]
        mix_weight = pair[:, 0] / (pair[:, 0] + pair[:, 1])
        return {
            "chain_weights": chain_weights,
            "mix_weight": mix_weight,
            "choices": self.draw_choices(images, (self.num_chains, self.chain_depth)),
        }

    def apply(self, images, transformation):
        choices = transformation["choices"]
        weights = transformation["chain_weights"]
        mixed = ops.zeros_like(images)
        for chain in range(self.num_chains):
            out = images
            for step in range(self.chain_depth):
                out = self.choose(out, choices[:, chain, step])
            mixed = mixed + per_image(weights[:, chain]) * out
        m = per_image(transformation["mix_weight"])
        return (1.0 - m) * images + m * mixed

    def get_config(self):
        config = super().get_config()
        # In Keras' key order.
        config.update(
            value_range=self.value_range,
            num_chains=self.num_chains,
            chain_depth=self.chain_depth,
            factor=self.factor,
            alpha=self.alpha,
            all_ops=self.all_ops,
            interpolation=self.interpolation,
            seed=self.seed,
        )
        return config
