"""Goals and KPIs: a consultation's goal and targets, the dashboard against them, and the
public accountability page (verantwoording) once it has closed."""
