"""Kinds of notification of customers: follow-up reminders, returns to the pool, transfers."""
