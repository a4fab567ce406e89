"""Operation alerts (操作告警): rules an admin turns on, computed from the operation log by the worker."""
