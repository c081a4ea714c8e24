"""Official responses, response deadlines, outcomes and implementation updates."""
