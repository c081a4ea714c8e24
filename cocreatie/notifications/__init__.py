"""Following, notifications (on the site and by e-mail) and e-mail preferences."""
