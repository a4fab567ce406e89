"""The list engine: one declared spec per list gives its page, API filters, exports and saved views."""
