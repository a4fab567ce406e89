"""The field-type × surface matrix: every custom field type (``FieldType``) through every surface a value passes —
the record form, the API, list filters (API and page), sort, import, export, global search and the operation
log. One row of ``CASES`` per type says how a person types a value, what the API sends, what is stored, how it
reads, one refused input with its message, filters that find exactly that record, and whether the type is sorted
and searched; one test per surface runs every row through the real code paths."""
