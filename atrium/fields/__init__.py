"""Custom fields (自定义字段) on every kind that opts in, and the choice lists (选项列表)."""
