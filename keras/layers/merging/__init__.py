"""The merging layers: combine a list of tensors into one (Add, Subtract, Multiply,
Average, Maximum, Minimum, Concatenate, Dot) and their functional forms (`add`, ...).

Nothing is imported here: `keras.layers` loads each module on first use of its names.
"""
