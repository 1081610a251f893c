"""Results of the general assembly: each closed resolution fills its decision
(`governance.DecisionPage`), and closing the assembly produces the minutes (procès-verbal) as a
PDF, filed in the members-only collection "Procès-verbaux".

Signatures agreed between the views and this module (helpers fill them in):

- `file_decision(*, resolution, result, user=None)` -> DecisionPage: called by the bureau's
  "close the vote" after `services.close_poll`; creates or fills the resolution's decision.
- `close_meeting(*, assembly, user)` -> Sitting: closes the assembly, produces and files the
  minutes PDF (`Sitting.minutes`).
"""


def file_decision(*, resolution, result, user=None):
    raise NotImplementedError("governance.assembly.results.file_decision: being written")


def close_meeting(*, assembly, user):
    raise NotImplementedError("governance.assembly.results.close_meeting: being written")
