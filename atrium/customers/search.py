"""Search registrations of customers, contacts and leads."""
