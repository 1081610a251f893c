"""Responsive images: which renditions the templates ask for, so that lists can prefetch them.

Templates output Wagtail's ``{% picture %}``: AVIF, then WebP, then a JPEG or PNG for the
browsers that read neither, each in several widths (``srcset`` and ``sizes``). A list of
members shows a logo per member: without a prefetch, each logo would look its renditions up
one by one (in the cache, then in the database). ``rendition_prefetch()`` loads them all in one
query; its filter specs must be those of the template tag, or Wagtail would create renditions
again for each member (the query-count tests of the directory and of college pages tell).
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# templates/governance/includes/member_card_logo.html: a logo of at most 96 px (192 px for
# high-density screens); PNG as the fallback keeps transparent backgrounds.
MEMBER_CARD_LOGO = ("format-{avif,webp,png}", "max-{96x96,192x192}")


def rendition_specs(spec):
    """The filter specs a ``{% picture %}`` tag with these (brace-expanded) specs uses."""
    return Filter.expand_spec(list(spec))


def rendition_prefetch(lookup, spec):
    """Prefetch, on the images reached through ``lookup``, the renditions of ``spec``."""
    rendition_model = get_image_model().get_rendition_model()
    renditions = rendition_model.objects.filter(filter_spec__in=rendition_specs(spec))
    return Prefetch(f"{lookup}__renditions", queryset=renditions, to_attr="prefetched_renditions")
