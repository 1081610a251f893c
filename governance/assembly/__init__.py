"""The general assembly in the intranet (app label `assembly`): convocation, proxies, advance
votes, attendance and quorum, college-weighted votes with secret ballots, elections, results
filed as decisions and minutes as a PDF. The rules are plain functions in `rules.py`."""
