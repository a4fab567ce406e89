"""In-product feedback (用户反馈): suggestions and problems sent from the user menu, answered by admins."""
