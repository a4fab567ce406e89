"""The help centre (帮助中心): the manual as Markdown files, rendered and searchable, and the first-run checklist."""
