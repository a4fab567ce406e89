"""Global search over every kind of record that registers into it."""
