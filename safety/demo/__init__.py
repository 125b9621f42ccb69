"""The safety app's demo seeders: development tools for `seed_demo` and the company
generator, never imported by a request."""
