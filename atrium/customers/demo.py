"""Demo data: customers, contacts, leads and follow-ups of a decoration firm."""
