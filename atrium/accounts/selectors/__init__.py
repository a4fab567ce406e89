"""Every read of people and access, always through the access layer. One module per area."""
