"""What the domain apps build on: base pages and blocks, privacy and permissions, the page and
structure caches, storage and uploads, accounts, rate limits, background e-mail tasks.

It imports no domain app (governance, training, partnerships): `lint-imports` checks it.
"""
