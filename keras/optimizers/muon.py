"""Muon: momentum orthogonalized by Newton-Schulz iterations, AdamW elsewhere."""

import math
import re

from keras import ops
from keras.optimizers.base_optimizer import Optimizer


def _swap_last_axes(x):
    axes = list(range(len(x.shape)))
    axes[-2], axes[-1] = axes[-1], axes[-2]
    return ops.transpose(x, axes)


class Muon(Optimizer):
    """Muon for 2D weights, AdamW for the rest (Jordan et al.; Liu et al., 2025).

    A 2D variable takes the Muon step: the momentum `m = momentum * m + g` (with
    Nesterov: the direction `g + momentum * m`) is orthogonalized by `ns_steps`
    Newton-Schulz iterations, and `w -= lr * O * sqrt(max(rows, cols)) * rms_rate`.
    Variables that are not 2D, embeddings (when `exclude_embeddings`) and variables
    whose path matches a pattern of `exclude_layers` take an AdamW step instead,
    with learning rate `lr * adam_lr_ratio` and decay `adam_weight_decay`.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        adam_beta_1: the decay rate of AdamW's first moment.
        adam_beta_2: the decay rate of AdamW's second moment.
        adam_weight_decay: the weight decay of the AdamW variables.
        epsilon: AdamW's small constant for numerical stability.
        weight_decay: the weight decay of the Muon variables.
        exclude_layers: regular expressions; matching variable paths use AdamW.
        exclude_embeddings: whether variables with "embedding" in their path use
            AdamW.
        muon_a: the coefficient a of the quintic Newton-Schulz iteration.
        muon_b: the coefficient b of the iteration.
        muon_c: the coefficient c of the iteration.
        adam_lr_ratio: the AdamW learning rate as a fraction of `learning_rate`.
        momentum: the momentum of the Muon step.
        ns_steps: the number of Newton-Schulz iterations.
        nesterov: whether to use Nesterov momentum.
        rms_rate: the update RMS scale of Liu et al. (2025); None disables it.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (clipnorm,
            clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.Muon(exclude_layers=["output_dense"])
    """

    default_name = "muon"

    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1=0.9,
        adam_beta_2=0.999,
        adam_weight_decay=0.004,
        epsilon=1e-7,
        weight_decay=0.004,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        exclude_layers=None,
        exclude_embeddings=True,
        muon_a=3.4445,
        muon_b=-4.775,
        muon_c=2.0315,
        adam_lr_ratio=1,
        momentum=0.95,
        ns_steps=5,
        nesterov=True,
        rms_rate=0.2,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.adam_weight_decay = adam_weight_decay
        self.epsilon = epsilon
        self.exclude_layers = list(exclude_layers or [])
        self.exclude_embeddings = exclude_embeddings
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable):
        if len(variable.shape) != 2:
            return True
        if self.exclude_embeddings and "embedding" in variable.path.lower():
            return True
        return any(re.search(pattern, variable.path) for pattern in self.exclude_layers)

    def build(self, variables):
        if self.built:
            return
        variables = list(variables)
        super().build(variables)
        self.momentums = [None] * len(variables)
        self.adam_velocities = [None] * len(variables)
        for i, variable in enumerate(variables):
            if getattr(variable, "overwrite_with_gradient", False):
                continue
            self.momentums[i] = self.add_variable_from_reference(variable, "momentum")
            if self._should_use_adamw(variable):
                self.adam_velocities[i] = self.add_variable_from_reference(
                    variable, "velocity"
                )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        m = self.momentums[index]
        v = self.adam_velocities[index]
        if v is not None:
            self._adamw_step(gradient, variable, lr * self.adam_lr_ratio, m, v)
        else:
            self._muon_step(gradient, variable, lr, m)

    def _muon_step(self, gradient, variable, lr, m):
        new_m = m * self.momentum + gradient
        self.assign(m, new_m)
        direction = gradient + self.momentum * new_m if self.nesterov else new_m
        update = self.zeropower_via_newtonschulz5(direction, self.ns_steps)
        self.assign_sub(variable, self.lr_adjust(lr * update))

    def _adamw_step(self, gradient, variable, lr, m, v):
        dtype = variable.dtype
        t = ops.cast(self.iterations + 1, dtype)
        beta_1 = ops.cast(self.adam_beta_1, dtype)
        beta_2 = ops.cast(self.adam_beta_2, dtype)
        alpha = lr * ops.sqrt(1 - ops.power(beta_2, t)) / (1 - ops.power(beta_1, t))
        new_m = m + (gradient - m) * (1 - beta_1)
        new_v = v + (ops.square(gradient) - v) * (1 - beta_2)
        self.assign(m, new_m)
        self.assign(v, new_v)
        self.assign_sub(variable, new_m * alpha / (ops.sqrt(new_v) + self.epsilon))

    def lr_adjust(self, x):
        """Scales an update by `sqrt(max(rows, cols)) * rms_rate` (Moonlight), so
        Muon can share AdamW's learning rate and weight decay."""
        if self.rms_rate is None:
            return x
        return x * (math.sqrt(max(x.shape[0], x.shape[1])) * self.rms_rate)

    def zeropower_via_newtonschulz5(self, x, steps):
        """An approximate orthogonalization of the matrix `x` (U V^T of its SVD).

        The quintic iteration `X = a X + (b A + c A^2) X` with `A = X X^T` is run
        `steps` times on the wide orientation of `x`, normalized to spectral norm
        <= 1; it converges towards U S' V^T with S' near identity.
        """
        tall = x.shape[-2] > x.shape[-1]
        if tall:
            x = _swap_last_axes(x)
        x = x / (ops.sqrt(ops.sum(ops.square(x), axis=(-2, -1), keepdims=True)) + 1e-7)
        for _ in range(steps):
            gram = ops.matmul(x, _swap_last_axes(x))
            polynomial = self.muon_b * gram + self.muon_c * ops.matmul(gram, gram)
            x = self.muon_a * x + ops.matmul(polynomial, x)
        return _swap_last_axes(x) if tall else x

    def _apply_weight_decay(self, variables):
        for variable in variables:
            if not self._use_weight_decay(variable):
                continue
            if self._should_use_adamw(variable):
                decay = self.adam_weight_decay
            else:
                decay = self.weight_decay
            if decay is None:
                continue
            decay = ops.cast(decay, variable.dtype)
            lr = ops.cast(self.learning_rate, variable.dtype)
            self.assign(variable, variable - variable * decay * lr)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "adam_beta_1": self.adam_beta_1,
                "adam_beta_2": self.adam_beta_2,
                "epsilon": self.epsilon,
                "exclude_layers": self.exclude_layers,
                "muon_a": self.muon_a,
                "muon_b": self.muon_b,
                "muon_c": self.muon_c,
                "adam_lr_ratio": self.adam_lr_ratio,
                "momentum": self.momentum,
                "ns_steps": self.ns_steps,
                "nesterov": self.nesterov,
                "exclude_embeddings": self.exclude_embeddings,
                "adam_weight_decay": self.adam_weight_decay,
                "rms_rate": self.rms_rate,
            }
        )
        return config
