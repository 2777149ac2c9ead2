"""Atom feeds (django.contrib.syndication): the whole portal and one programme."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from feeds.selectors import FeedItem, feed_items
from programmes.models import Programme
from programmes.selectors import current_municipality


class PortalFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("NGO cooperation programme consultations — %(name)s") % {
            "name": current_municipality().display_name
        }

    def link(self) -> str:
        return reverse("consultations:home")

    def subtitle(self) -> str:
        return _("New draft versions, answers to comments, reports, meetings and minutes.")

    def items(self) -> list[FeedItem]:
        return feed_items()

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_description(self, item: FeedItem) -> str:
        return item.description

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_guid(self, item: FeedItem) -> str:
        return item.key

    item_guid_is_permalink = False

    def item_pubdate(self, item: FeedItem) -> dt.datetime:
        return item.at

    def item_updateddate(self, item: FeedItem) -> dt.datetime:
        return item.at

    def item_categories(self, item: FeedItem) -> list[str]:
        return [item.category]


class ProgrammeFeed(PortalFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Programme:
        return get_object_or_404(Programme, slug=slug)

    def title(self, obj: Programme) -> str:  # type: ignore[override]
        return obj.title

    def link(self, obj: Programme) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def items(self, obj: Programme) -> list[FeedItem]:  # type: ignore[override]
        return feed_items(programme=obj)
