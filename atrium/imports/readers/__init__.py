"""Reading import files as a stream of rows: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16 with BOM;
comma, tab or semicolon separated) and XLSX. Nothing holds the whole file in memory.

``open_table(path, filename)`` checks the file (size, kind, encoding) and returns a ``Table`` whose ``header``
is the first non-empty row and whose ``rows()`` yields ``(line, cells)`` with ``line`` the row number a
spreadsheet shows (the header is line 1). Every problem with the file itself is an ``ImportFileError``.
"""

from atrium.imports.readers.files import (
    MAX_COLUMNS,
    ImportFileError,
    Table,
    check_size,
    estimate_rows,
    open_table,
)

__all__ = ["MAX_COLUMNS", "ImportFileError", "Table", "check_size", "estimate_rows", "open_table"]
