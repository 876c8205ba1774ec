"""Follow-ups: what is overdue, and (in ``github/``) action items kept in step with issues."""
