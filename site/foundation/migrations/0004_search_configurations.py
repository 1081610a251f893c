"""PostgreSQL full-text search configurations that stem *and* fold accents.

The stock `french` configuration stems (*formations* → *formation*) but keeps accents, so
*cooperation* would not find *coopération*. `coop_french` and `coop_english` copy `french` and
`english` and pass every word through `unaccent` before the stemmer. The search backend
(`coopsite.foundation.search_backend`) indexes and queries each language with its own configuration.
Nothing to do on SQLite, whose full-text index folds accents itself.
"""

from django.db import migrations

LANGUAGES = {"coop_french": ("french", "french_stem"), "coop_english": ("english", "english_stem")}
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, (parent, stemmer) in LANGUAGES.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {parent})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {stemmer}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("coopsite", "0003_committee_admin_access")]

    operations = [migrations.RunPython(create, drop)]
