"""What assembles the domain apps into one site: site search across them, the sitemap, the demo
data, the privacy audit and backups.

Nothing else imports it but the project's URLs and settings (`lint-imports` checks it).
"""
