"""Interactive logging: progress output goes to stdout or to `logging`."""

import logging

from keras import utils
from keras.utils import io_utils


def test_switch_routes_messages(capsys, caplog):
    assert utils.is_interactive_logging_enabled()
    io_utils.print_msg("to stdout")
    assert capsys.readouterr().out == "to stdout\n"
    utils.disable_interactive_logging()
    try:
        assert not utils.is_interactive_logging_enabled()
        with caplog.at_level(logging.INFO, logger="keras"):
            io_utils.print_msg("to logging")
            bar = utils.Progbar(2, verbose=1)
            bar.update(2)
        assert capsys.readouterr().out == ""
        assert "to logging" in caplog.text
        assert "2/2" in caplog.text
    finally:
        utils.enable_interactive_logging()
    assert utils.is_interactive_logging_enabled()
