"""The read API at /api/v1 (NL API Design Rules 2.0) and its reference page at /api.

Everything an anonymous visitor may see, as JSON, decided by the same policies as the
pages; the OpenAPI document is generated from the schemas in `schemas.py` (decision 0018).
"""
