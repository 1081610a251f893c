"""ICS feeds (parsed back with icalendar): all upcoming sessions, and one course's."""

from datetime import timedelta

from icalendar import Calendar

from .conftest import make_course, make_session


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_catalogue_feed_has_one_event_per_day_of_each_upcoming_session(
    tree, anonymous_client, course
):
    three_saturdays = make_session(course, day_count=3, spacing=7, place="Maison des Associations")
    make_session(course, in_days=-10)  # past
    make_session(course, cancelled=True)  # cancelled
    other = make_course(tree.catalog, title="Communication", slug="communication")
    make_session(other, place="", remote=True)

    response = anonymous_client.get(tree.catalog.url + "agenda/")
    found = events(response)
    assert len(found) == 4
    (zone,) = Calendar.from_ical(response.content).walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Paris"
    ours = [e for e in found if str(e["summary"]).startswith(course.title)]
    assert [str(e["summary"]) for e in ours] == [f"{course.title} ({n}/3)" for n in (1, 2, 3)]
    days = three_saturdays.sorted_days
    for event, day in zip(ours, days, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start.date() == day.date and (start.hour, start.minute) == (9, 30)
        assert end - start == timedelta(hours=8)
        assert str(start.tzinfo) == "Europe/Paris"
        assert str(event["location"]) == "Maison des Associations"
        assert str(event["url"]) == course.full_url
        assert event.get("dtstamp") is not None
    assert len({str(e["uid"]) for e in found}) == 4
    remote = [e for e in found if str(e["summary"]) == "Communication"]
    assert str(remote[0]["location"]) == "À distance"


def test_course_feed_holds_that_course_only(tree, anonymous_client, course):
    make_session(course, day_count=2)
    other = make_course(tree.catalog, title="Autre", slug="autre")
    make_session(other)
    found = events(anonymous_client.get(course.url + "agenda/"))
    assert len(found) == 2
    assert all(str(e["summary"]).startswith(course.title) for e in found)


def test_feeds_are_linked_from_the_pages(tree, anonymous_client, course):
    assert (
        'href="/fr/formations/agenda/"' in anonymous_client.get(tree.catalog.url).content.decode()
    )
    assert (
        'href="/fr/formations/cooperation/agenda/"'
        in anonymous_client.get(course.url).content.decode()
    )
