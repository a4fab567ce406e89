"""Atrium: an open-source CRM for firms that sell projects and build them with their clients."""
