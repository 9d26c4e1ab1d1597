"""Recurrent layers: RNN, SimpleRNN, LSTM, GRU, their cells and StackedRNNCells.

Each layer lives in its own module; `keras.layers` loads them lazily by name.
"""
