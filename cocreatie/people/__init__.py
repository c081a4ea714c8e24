"""The administrators' people page: find accounts, give and take site roles, block."""
