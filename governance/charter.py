"""Versions of the charter (its published revisions) and a readable diff between two.

Built from Wagtail revisions: a version is a revision that was published, as recorded in the
page's log; its text is read from the revision's content, never copied elsewhere.
"""

import difflib
import json
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import PageLogEntry

from coopsite.foundation.privacy import visible_pages

_BLOCK_SPLIT = re.compile(r"</(?:p|li|h[1-6]|blockquote)>", re.I)


def stream_to_paragraphs(raw_stream):
    """Plain-text paragraphs of a StreamField's raw data (headings, paragraphs, quotes)."""
    if isinstance(raw_stream, str):
        raw_stream = json.loads(raw_stream or "[]")
    paragraphs = []
    for block in raw_stream or []:
        kind, value = block.get("type"), block.get("value")
        if kind == "heading":
            paragraphs.append(value.get("text", ""))
        elif kind == "paragraph":
            paragraphs += [strip_tags(part) for part in _BLOCK_SPLIT.split(value or "")]
        elif kind == "quote":
            paragraphs.append(value.get("text", ""))
        elif kind == "call_to_action":
            paragraphs += [value.get("title", ""), value.get("text", "")]
    return [" ".join(p.split()) for p in paragraphs if p and p.strip()]


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same", "added", "removed", "changed"
    html: str


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _words_diff(old, new):
    """Word-level diff of two versions of one paragraph (spaces and punctuation kept)."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_tokens[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(old_tokens[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(new_tokens[b1:b2]))}</ins>")
    return "".join(out)


_WORDS = re.compile(r"\w+")


def _similar(before, after):
    """Two versions of one paragraph (half of the words in common), not two paragraphs."""
    words_before = _WORDS.findall(before.lower())
    words_after = _WORDS.findall(after.lower())
    matcher = difflib.SequenceMatcher(a=words_before, b=words_after, autojunk=False)
    return matcher.ratio() >= 0.5


def _replace_rows(olds, news):
    """Inside a replaced block, pair each old paragraph with the next similar new one."""
    rows, next_new = [], 0
    for before in olds:
        match = next((k for k in range(next_new, len(news)) if _similar(before, news[k])), None)
        if match is None:
            rows.append(DiffRow("removed", f"<del>{escape(before)}</del>"))
            continue
        rows += [DiffRow("added", f"<ins>{escape(p)}</ins>") for p in news[next_new:match]]
        rows.append(DiffRow("changed", _words_diff(before, news[match])))
        next_new = match + 1
    rows += [DiffRow("added", f"<ins>{escape(p)}</ins>") for p in news[next_new:]]
    return rows


def diff_paragraphs(old, new):
    """Rows of a readable diff: whole paragraphs added or removed, words inside changed ones."""
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [DiffRow("same", escape(p)) for p in old[a1:a2]]
        elif op == "delete":
            rows += [DiffRow("removed", f"<del>{escape(p)}</del>") for p in old[a1:a2]]
        elif op == "insert":
            rows += [DiffRow("added", f"<ins>{escape(p)}</ins>") for p in new[b1:b2]]
        else:
            rows += _replace_rows(old[a1:a2], new[b1:b2])
    return [DiffRow(row.kind, mark_safe(row.html)) for row in rows]  # noqa: S308 (escaped above)


@dataclass
class CharterVersion:
    number: int
    revision: object
    published_at: object
    adopted_by: object  # DecisionPage or None

    @property
    def paragraphs(self):
        return stream_to_paragraphs(self.revision.content.get("body"))

    @property
    def body(self):
        """The StreamField value of this version, for rendering."""
        return self.revision.as_object().body


def charter_versions(page, request=None):
    """Published versions of a charter page, oldest first (numbered from 1).

    With a request, a version names the decision that adopted it only when the visitor may
    open that decision (`coopsite.foundation.privacy`): a decision restricted to the committee, or
    unpublished, is not named to the other members.
    """
    # Inside: governance.models imports this module (a cycle).
    from .models import DecisionPage

    entries = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    seen, ordered = set(), []
    for entry in entries:
        if entry.revision_id not in seen:
            seen.add(entry.revision_id)
            ordered.append(entry)
    decision_ids = {e.revision.content.get("adopted_by") for e in ordered} - {None}
    decisions = {}
    if decision_ids:
        found = DecisionPage.objects.filter(pk__in=decision_ids)
        if request is not None:
            found = visible_pages(found, request)
        decisions = {decision.pk: decision for decision in found}
    return [
        CharterVersion(
            number=number,
            revision=entry.revision,
            published_at=entry.timestamp,
            adopted_by=decisions.get(entry.revision.content.get("adopted_by")),
        )
        for number, entry in enumerate(ordered, start=1)
    ]
