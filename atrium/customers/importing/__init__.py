"""What can be imported into customers: customers, contacts and leads (found by ``atrium.imports`` at
start-up). Each kind's module holds its header synonyms, cleaning, duplicate rules and batch writer."""

from atrium.customers.importing.contacts import CONTACTS
from atrium.customers.importing.customers import CUSTOMERS
from atrium.customers.importing.leads import LEADS
from atrium.imports.registry import register_import

for _spec in (CUSTOMERS, CONTACTS, LEADS):
    register_import(_spec)

__all__ = ["CONTACTS", "CUSTOMERS", "LEADS"]
