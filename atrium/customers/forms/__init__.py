"""Forms of the customer pages. They only parse what the browser sent; every rule about the values (phone and
e-mail formats, known industries and sources, dates in range, duplicates) lives in ``customers.validation``
and the services, whose per-field messages the pages put back beside the fields."""
