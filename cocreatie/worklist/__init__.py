"""Mijn werk: what waits for a staff member, per consultation they hold a role in."""
