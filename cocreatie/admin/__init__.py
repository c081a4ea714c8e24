"""Pages for administrators: the audit log."""
