"""Where the apps built on governance add to its pages, through Wagtail's hooks.

Governance is the core: it imports none of the apps above it (`lint-imports` checks it). An app
that has something to show on a decision page (the partnerships it concerns, for the steering
committee) registers a hook under `DECISION_PAGE_SECTIONS_HOOK` in its `wagtail_hooks.py`.
"""

from wagtail import hooks

DECISION_PAGE_SECTIONS_HOOK = "governance_decision_page_sections"


def decision_page_sections(*, request, decision):
    """The sections other apps add to `decision`'s page for this visitor, in hook order.

    Each hook is called as `hook(request=..., decision=...)` and returns None when it has
    nothing to show this visitor, else a dict: `template` (included at the foot of the decision)
    and whatever that template reads.
    """
    sections = []
    for hook in hooks.get_hooks(DECISION_PAGE_SECTIONS_HOOK):
        section = hook(request=request, decision=decision)
        if section:
            sections.append(section)
    return sections
