"""What recording a decision does besides saving it: the vote rows take the weights in force and
the status follows the result (`record_votes`), the minutes go to the members-only collection
(`file_minutes`).

Plain functions with keyword arguments, called where a decision is edited: the decision's admin
form (`governance.forms.DecisionPageForm`) records the votes, Wagtail's `after_create_page` and
`after_edit_page` hooks (`governance.wagtail_hooks`) file the minutes, and the demo loaders call
them as the admin would. `DecisionPage.save()` and `clean()` do neither.
"""

# No import of `.models`: the models import the admin forms, which call these services.
from .documents import file_as_minutes


def record_votes(*, decision):
    """Record the votes of `decision` as they stand in memory (the rows the admin form or the
    caller set): each row not yet recorded takes its college's weight in force, once and for
    all, so that a later change of the statutes never changes a past result; the status then
    follows the weighted result (`DecisionPage.compute_tally`).

    Nothing is written: the caller saves the decision (the admin form's save and the revision
    it makes carry the rows and the status). Returns the tally, or None without votes, in which
    case the status is left as it was typed.
    """
    votes = list(decision.votes.all())
    decision.votes = votes  # held in memory, so that the caller's save writes these rows
    for vote in votes:
        if vote.college_id and not vote.weight_recorded:
            vote.weight = vote.college.weight
            vote.weight_recorded = True
    result = decision.compute_tally()
    if result is not None:
        decision.status = decision.status_for(result)
    return result


def file_minutes(*, decision):
    """File the minutes of `decision`, if it has any, in the members-only collection
    "Procès-verbaux" (created on first use); returns the document, or None."""
    if decision.minutes_id is None:
        return None
    file_as_minutes(decision.minutes)
    return decision.minutes
