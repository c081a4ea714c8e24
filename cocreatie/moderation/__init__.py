"""House rules, reports, the moderation queue, hiding and restoring, merging, appeals
and the public moderation log."""
