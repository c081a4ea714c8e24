"""Roles per consultation (owners, procesmanagers) and recruiting participants by invitation."""
