"""The project package `coopsite` (folder `site/`, see pyproject.toml): settings and URLs on top,
`coopsite.foundation` below the domain apps and `coopsite.sitewide` above them."""
