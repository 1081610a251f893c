"""A course is found by its sessions' places and its themes' names: keep its index entry (and
its translations') in step when a session or a theme changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index

from .models import CoursePage, Theme, TrainingSession


def reindex_courses(courses):
    for course in courses:
        for page in course.get_translations(inclusive=True).specific():
            index.insert_or_update_object(page)


@receiver([post_save, post_delete], sender=TrainingSession)
def reindex_course_of_session(sender, instance, raw=False, **kwargs):
    if raw:
        return
    reindex_courses(CoursePage.objects.filter(pk=instance.course_id))


@receiver(post_save, sender=Theme)
def reindex_courses_of_theme(sender, instance, raw=False, **kwargs):
    if raw:
        return
    reindex_courses(CoursePage.objects.filter(themes=instance))
