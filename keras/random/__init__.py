"""Public namespace `keras.random` (filled by the random ops work)."""
