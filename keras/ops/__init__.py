"""Public namespace `keras.ops` (the op set arrives with the keras.ops issue)."""
