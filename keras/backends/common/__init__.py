"""What every backend shares: global config, dtypes, the Variable base, name scopes."""
