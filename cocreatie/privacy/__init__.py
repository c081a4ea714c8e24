"""Privacy self-service and retention: one's own account page (name, e-mail address,
password), a download of everything the platform holds about a person, deleting the
account, and `flask retention`, which removes personal data after the periods in
`periods.py` (the privacy statement renders the same constants)."""
