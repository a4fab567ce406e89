"""Shared pieces of the REST API: authentication, the one error format, input schemas, cursor pages."""
