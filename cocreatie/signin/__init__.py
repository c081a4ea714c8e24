"""Signing in: a session record on the server for every signed-in browser (listed and
ended on the sessions page), and a second factor (TOTP) that staff must use.

`current` checks the request's session record for the user loader (cocreatie.web);
`flow` is the web side every way of signing in goes through; `services` and `queries`
are the use-cases and reads; `secret_box` keeps TOTP secrets encrypted."""
