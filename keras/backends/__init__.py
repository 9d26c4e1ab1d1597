"""The engines keras runs on: one subpackage per backend, plus `common` shared by all.

Every backend package exposes the same modules and names (the backend contract, checked by
contract_test.py). `keras.backends.active` imports the one selected at start-up.
"""
