"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""

from keras.optimizers.adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay.

    Each step first shrinks every variable, `w -= w * weight_decay * lr` (except
    variables exempted with `exclude_from_weight_decay`), then takes the Adam step.

    Args:
        learning_rate: a float, a schedule or a callable. Defaults to 0.001.
        weight_decay: the decay rate; required (defaults to 0.004).
        beta_1: the decay rate of the first moment estimate.
        beta_2: the decay rate of the second moment estimate.
        epsilon: a small constant added to `sqrt(v)` for numerical stability.
        amsgrad: whether to use the AMSGrad variant.
        **kwargs: the other arguments of `keras.optimizers.Optimizer` (clipnorm,
            clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name).

    >>> optimizer = keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=0.01)
    """

    default_name = "adamw"

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if weight_decay is None:
            raise ValueError(
                "Argument `weight_decay` must be a float. Received: weight_decay=None"
            )
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
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
