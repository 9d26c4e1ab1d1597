"""`save_freq` for the callbacks that save every N training batches."""


def check_save_freq(save_freq, owner):
    if save_freq == "epoch":
        return
    if isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1:
        raise ValueError(
            f"{owner}: `save_freq` must be 'epoch' or a positive integer (a number of "
            f"batches). Received: save_freq={save_freq!r}"
        )


class BatchCounter:
    """Counts training batches across epochs and says when `save_freq` are done.

    A trainer running several steps per call reports only every few batches, so the
    count advances by the gap between batch indices.
    """

    def __init__(self, save_freq):
        self.save_freq = save_freq
        self.since_save = 0
        self.last_batch = -1

    def start_epoch(self, first_batch=0):
        self.last_batch = first_batch - 1

    def batch_done(self, batch):
        """Records batch `batch`; True when a save is due (and restarts the count)."""
        self.since_save += max(batch - self.last_batch, 1)
        self.last_batch = batch
        if self.since_save < self.save_freq:
            return False
        self.since_save = 0
        return True
