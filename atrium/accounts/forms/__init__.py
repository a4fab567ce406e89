"""Django forms of the administration pages. They parse and present; the services validate and write, and
their field errors are shown beside the same fields (``core.form_submit``)."""
