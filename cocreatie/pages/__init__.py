"""Content pages: how the platform works, accessibility, privacy and the house rules."""
