"""The permission sweep's values of this app: the name of a stored backup (none exists in the sweep: admins get
404 like everyone else, people without the right get 404 before the name is looked at)."""

from atrium.testing.sweep import url_argument

url_argument("backup_name", values=("atrium-20260101-030000.sqlite3",))
