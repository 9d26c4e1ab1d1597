"""The README's first command trains to >= 95 % test accuracy on the digits."""

from examples import quickstart


def test_quickstart_reaches_95_percent(capsys):
    accuracy = quickstart.main(["--epochs", "30", "--verbose", "0"])
    out = capsys.readouterr().out
    assert "test accuracy:" in out
    assert accuracy >= 0.95, out
