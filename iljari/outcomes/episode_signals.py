"""Placements and follow-ups keep their employment episodes current: a saved or deleted placement or follow-up
re-derives the episodes of its placement (`episodes.episodes_rederive`), once per transaction, after it commits,
under the user who acted (`ledger.derived.acting`) or the system.

Bulk loads (bulk_create, queryset.update) send no signals: they call `episodes.episodes_derive` once (the demo does,
and `iljari episodes-derive` re-derives everything)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from iljari.ledger.derived import RederiveAfterCommit

from .episodes import episodes_rederive

_after_commit = RederiveAfterCommit(episodes_rederive)  # placement ids, once per transaction, after it commits


def _placement_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _after_commit.touch(instance.pk)


def _follow_up_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw") and instance.placement_id is not None:
        _after_commit.touch(instance.placement_id)


def connect() -> None:
    from iljari.employment.models import FollowUp, Placement

    post_save.connect(_placement_saved, sender=Placement, dispatch_uid="episodes-placement-save")
    post_delete.connect(_placement_saved, sender=Placement, dispatch_uid="episodes-placement-delete")
    post_save.connect(_follow_up_saved, sender=FollowUp, dispatch_uid="episodes-follow-up-save")
    post_delete.connect(_follow_up_saved, sender=FollowUp, dispatch_uid="episodes-follow-up-delete")
