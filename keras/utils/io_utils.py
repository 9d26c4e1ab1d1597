"""Interactive logging: whether progress messages go to stdout or to `logging`."""

import logging
import sys
import threading

# Per thread, as a training loop in one thread should not silence another's.
_STATE = threading.local()


def enable_interactive_logging():
    """Sends progress bars and messages to stdout (the default)."""
    _STATE.interactive = True


def disable_interactive_logging():
    """Sends progress bars and messages to Python `logging` (INFO) instead of stdout.

    Useful where stdout is not read by a person, such as batch jobs whose logs are
    collected by the `logging` module.
    """
    _STATE.interactive = False


def is_interactive_logging_enabled():
    """True when progress messages are printed to stdout.

    Returns:
        A bool; True unless `disable_interactive_logging()` was called in this thread.

    >>> keras.utils.is_interactive_logging_enabled()
    True
    """
    return getattr(_STATE, "interactive", True)


def print_msg(message, line_break=True):
    """Prints `message` to stdout, or logs it at INFO when interactive logging is
    off."""
    if is_interactive_logging_enabled():
        sys.stdout.write(message + ("\n" if line_break else ""))
        sys.stdout.flush()
    else:
        logging.getLogger("keras").info(message)
