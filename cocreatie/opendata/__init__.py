"""Open data: the public record of every public consultation as a download (CSV, JSON and a Frictionless data package), Atom feeds and iCalendar files."""
