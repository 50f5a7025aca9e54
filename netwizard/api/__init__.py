"""The HTTP API under /api/: what scripts and CI pipelines call, with a token or a session.

A fourth top layer beside `wizard`: it reads through the inventory's selectors, writes
through its services, and lints with the same code as the command line
(netwizard.network.cli), so the three never disagree.

- authentication: `Authorization: Token <key>` (or `Bearer <key>`)
- permissions: what a token and its user's role allow
- parsers: request bodies that are an interfaces file (text/plain)
- files: lint, format and cluster lint of posted files
- urls: the routes, the OpenAPI schema and its Swagger UI page
"""
