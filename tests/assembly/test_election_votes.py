"""An election through the services and the selector (the database), worked by hand.

Colleges weigh 40, 30 and 30 %; members[0] and [1] are in college 1, [2] and [3] in college 2,
[4] and [5] in college 3. Two seats; candidates A (members[0]), B (members[2]), C (members[4]).
"""

import datetime
from fractions import Fraction

import pytest

from governance.assembly import selectors, services
from governance.assembly.models import Ballot, Candidate, ElectionChoice, Participation, Resolution
from governance.models import CollegePage, MemberPage, Statutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(assembly):
    resolution = Resolution.objects.create(
        page=assembly.page,
        number="4",
        title="Élection au conseil coopératif",
        body="ago",
        kind="election",
        seats=2,
    )
    m = assembly.members
    for member, admitted in zip(m, (2019, 2019, 2020, 2020, 2015, 2015), strict=True):
        MemberPage.objects.filter(pk=member.pk).update(admission_date=datetime.date(admitted, 1, 1))
    a, b, c = (
        Candidate.objects.create(resolution=resolution, member=m[n], name=name)
        for n, name in ((0, "A"), (2, "B"), (4, "C"))
    )
    return resolution, (a, b, c)


def vote(assembly, resolution, index, *candidates):
    member = assembly.members[index]
    return services.vote_in_advance(
        resolution=resolution, member=member, choice=None, user=member.user, candidates=candidates
    )


def cast_the_ballots(assembly, resolution, a, b, c):
    vote(assembly, resolution, 0, a)
    vote(assembly, resolution, 1, a, b)
    vote(assembly, resolution, 2, b)
    vote(assembly, resolution, 3, b, c)
    vote(assembly, resolution, 4, c)
    vote(assembly, resolution, 5)  # a blank ballot: not a vote cast


def test_an_election_is_counted_by_college_weights(assembly, election, django_assert_num_queries):
    resolution, (a, b, c) = election
    cast_the_ballots(assembly, resolution, a, b, c)
    assert Ballot.objects.filter(resolution=resolution, choice="").count() == 6
    assert ElectionChoice.objects.filter(ballot__resolution=resolution).count() == 7
    statutes = Statutes.load()
    with django_assert_num_queries(4):
        result = selectors.election_result(resolution=resolution, statutes=statutes)
    # A = 0.4·2/2 = 2/5; B = 0.4·1/2 + 0.3·2/2 = 1/2; C = 0.3·1/2 + 0.3·1/1 = 9/20
    # (college 3: one ballot cast, the blank one is not).
    assert result.scores == {a.pk: Fraction(2, 5), b.pk: Fraction(1, 2), c.pk: Fraction(9, 20)}
    assert result.elected == [b.pk, c.pk] and result.reserved == {}


def test_a_seat_reserved_to_college_1_goes_to_its_candidate(assembly, election):
    resolution, (a, b, c) = election
    CollegePage.objects.filter(pk=assembly.governance.colleges[0].pk).update(reserved_seats=1)
    cast_the_ballots(assembly, resolution, a, b, c)
    result = selectors.election_result(resolution=resolution)
    # A (2/5) takes college 1's reserved seat ahead of C (9/20); B (1/2) the other.
    assert result.elected == [a.pk, b.pk]
    assert result.reserved == {a.pk: assembly.governance.colleges[0].pk}


def test_a_tie_goes_to_the_member_admitted_first(assembly, election):
    resolution, (a, b, c) = election
    Resolution.objects.filter(pk=resolution.pk).update(seats=1)
    resolution.refresh_from_db()
    # Only college 1 votes: A 1/2, C 1/2; C's member was admitted in 2015, A's in 2019.
    vote(assembly, resolution, 0, a)
    vote(assembly, resolution, 1, c)
    result = selectors.election_result(resolution=resolution)
    assert result.elected == [c.pk] and result.ties == [(c.pk, a.pk)]


def test_a_ballot_with_too_many_or_unknown_candidates_is_refused(assembly, election):
    resolution, (a, b, c) = election
    with pytest.raises(services.AssemblyError) as error:
        vote(assembly, resolution, 5, a, b, c)
    assert error.value.messages == ["Choisissez au plus 2 candidats (3 choisis)."]
    elsewhere = Candidate.objects.create(
        resolution=assembly.resolution(1), member=assembly.members[1], name="Hors élection"
    )
    with pytest.raises(services.AssemblyError) as error:
        vote(assembly, resolution, 5, elsewhere)
    assert error.value.messages == ["Ce candidat ne se présente pas à cette élection."]
    assert not Participation.objects.filter(resolution=resolution).exists()
    assert not Ballot.objects.filter(resolution=resolution).exists()
