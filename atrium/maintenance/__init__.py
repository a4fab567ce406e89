"""Backups from the browser (数据备份) and the system status page (系统状态)."""
