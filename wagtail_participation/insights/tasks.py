"""A contribution's embedding, computed in the background when it is saved.

With a queue backend (``django-tasks-db``) the save queues :func:`embed_contribution` for a worker.
With the immediate backend (the default) a task would run inside the resident's request, so
nothing is queued: ``participation_tick`` (or the analysis) computes it later with the rest
(:func:`~wagtail_participation.insights.embeddings.compute_missing`).
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from wagtail_participation import capabilities, contribution_kinds
from wagtail_participation.insights import embeddings


@task()
def embed_contribution(contribution_id: int) -> int:
    """Store the vector of a public contribution's text unless it is stored already; returns 0 or 1."""
    from wagtail_participation.insights.models import TextEmbedding
    from wagtail_participation.models import Contribution

    encoder = embeddings.batch_encoder()
    kind = contribution_kinds.kind_of_pk(contribution_id)
    if encoder is None or kind is None:
        return 0
    contribution = kind.model.objects.filter(pk=contribution_id).first()
    if contribution is None or not contribution.is_public:  # a draft or a hidden item: no vector
        return 0
    # The text as the kind's text source writes it (title and description), read again: a row
    # deleted in the meantime yields nothing.
    found = list(capabilities.contribution_texts(Contribution.objects.filter(pk=contribution_id), kind.code))
    if not found:
        return 0
    key, text, _language = found[0]
    stored = (
        TextEmbedding.objects.filter(key=key, model_name=encoder.name).values_list("text_hash", "model_version").first()
    )
    if stored == (embeddings.text_hash(text), encoder.version):
        return 0
    return embeddings.store(encoder, [(key, text)])


def queues_in_background() -> bool:
    """False with the immediate backend, whose tasks run inside the request that queues them."""
    return not isinstance(embed_contribution.get_backend(), ImmediateBackend)


def queue_embedding(sender, instance, created=False, raw=False, **kwargs):
    """``post_save`` of any model: a saved contribution's embedding is queued (after commit), with a
    queue backend only."""
    from wagtail_participation.models import Contribution

    if raw or not isinstance(instance, Contribution) or not queues_in_background():
        return
    if not instance.is_public:
        return
    contribution_id = instance.pk
    transaction.on_commit(lambda: embed_contribution.enqueue(contribution_id))
