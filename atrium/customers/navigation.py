"""Menu entries of customers, contacts, leads and the pool."""
