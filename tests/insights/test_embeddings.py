"""Stored embeddings: computed off the request path, once per text and model, gone with their text."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import make_idea
from tests.builders import subpage_url as url
from wagtail_participation.ideas.models import Idea
from wagtail_participation.insights import embeddings, tasks
from wagtail_participation.insights.models import TextEmbedding
from wagtail_participation.models import Comment, Participant, Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache", "fresh_matrices")]


def tick():
    call_command("participation_tick", stdout=open("/dev/null", "w"))


def vector_of(key):
    import numpy as np  # the [nlp] extra, absent in the Django 6.1 pass (where the no-extra test runs)

    row = TextEmbedding.objects.get(key=key)
    return np.frombuffer(bytes(row.vector), dtype="<f4")


def test_posting_an_idea_computes_nothing_in_the_request_and_the_tick_computes_it(board, client, encoder):
    import numpy as np

    data = {"title": "A crossing guard at the school", "body": "Children cross alone.", "website": "", "submit": "1"}
    assert client.post(url(board, "submit"), data).status_code == 302
    idea = Idea.objects.get(title="A crossing guard at the school")
    assert not TextEmbedding.objects.exists()  # the immediate backend would have run it inside the request

    tick()
    row = TextEmbedding.objects.get()
    assert (row.key, row.contribution_id) == (f"idea:{idea.pk}", idea.pk)
    assert (row.model_name, row.model_version) == (encoder.name, encoder.version)
    assert row.text_hash == embeddings.text_hash("A crossing guard at the school\n\nChildren cross alone.")
    vector = vector_of(f"idea:{idea.pk}")
    assert vector.shape == (512,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-4
    assert np.allclose(
        vector, encoder.encode(["A crossing guard at the school\n\nChildren cross alone."])[0], atol=1e-5
    )


def test_the_tick_computes_each_text_once_and_again_when_it_changes(board, encoder):
    idea = make_idea(board, title="Plant trees on the market square", body="Shade in summer.")
    tick()
    first = TextEmbedding.objects.get()
    tick()  # nothing changed: nothing computed
    assert TextEmbedding.objects.get().created_at == first.created_at

    Idea.objects.filter(pk=idea.pk).update(title="Close the street by the school at drop-off time")
    tick()
    changed = TextEmbedding.objects.get()
    assert changed.text_hash != first.text_hash and bytes(changed.vector) != bytes(first.vector)


def test_a_vector_of_an_older_model_version_is_computed_again(board, encoder):
    make_idea(board, title="Plant trees on the market square")
    tick()
    TextEmbedding.objects.update(model_version="0.0.1", vector=b"\0" * 2048)
    tick()
    row = TextEmbedding.objects.get()
    assert row.model_version == encoder.version and any(bytes(row.vector))


def test_the_vector_is_deleted_with_its_text(board, encoder):
    idea = make_idea(board, title="Plant trees on the market square")
    kept = make_idea(board, title="A crossing guard at the school")
    tick()
    assert TextEmbedding.objects.count() == 2
    idea.delete()
    assert list(TextEmbedding.objects.values_list("key", flat=True)) == [f"idea:{kept.pk}"]


def test_hidden_ideas_and_removed_comments_lose_their_vectors_at_the_next_tick(board, encoder):
    idea = make_idea(board, title="Plant trees on the market square")
    other = make_idea(board, title="A crossing guard at the school")
    comment = Comment.objects.create(
        contribution=other, author=Participant.new_anonymous(), body="Yes.", language="en", created_at=other.created_at
    )
    tick()
    assert set(TextEmbedding.objects.values_list("key", flat=True)) == {
        f"idea:{idea.pk}",
        f"idea:{other.pk}",
        f"comment:{comment.pk}",
    }
    Idea.objects.filter(pk=idea.pk).update(visibility=Visibility.HIDDEN)
    Comment.objects.filter(pk=comment.pk).update(body="", removed_at=other.created_at)
    tick()
    assert list(TextEmbedding.objects.values_list("key", flat=True)) == [f"idea:{other.pk}"]


def test_waiting_ideas_get_no_vector_until_a_moderator_publishes_them(board, encoder):
    waiting = make_idea(board, visibility=Visibility.PRESCREENING)
    tick()
    assert not TextEmbedding.objects.exists()
    Idea.objects.filter(pk=waiting.pk).update(visibility=Visibility.VISIBLE)
    tick()
    assert TextEmbedding.objects.get().contribution_id == waiting.pk


def test_without_the_nlp_extra_nothing_is_stored_and_nothing_fails(board, monkeypatch):
    monkeypatch.setattr(embeddings, "load_encoder", lambda threads=1: None)
    make_idea(board)
    tick()
    assert not TextEmbedding.objects.exists()


def test_with_a_queue_backend_saving_queues_the_embedding_and_the_worker_stores_it(
    board, settings, encoder, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = tasks.embed_contribution.get_backend()
    backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        idea = make_idea(board, title="Plant trees on the market square")
        make_idea(board, title="Waiting for a moderator", visibility=Visibility.PRESCREENING)
    queued = [result.args for result in backend.results if result.task.func is tasks.embed_contribution.func]
    assert queued == [[idea.pk]]  # queued, not run; none for the waiting one
    assert not TextEmbedding.objects.exists()

    assert tasks.embed_contribution.call(idea.pk) == 1  # what the worker runs
    assert TextEmbedding.objects.get().contribution_id == idea.pk
    assert tasks.embed_contribution.call(idea.pk) == 0  # the same text again: nothing to do


def test_the_tick_reads_the_stored_digests_in_one_query_whatever_their_number(board, encoder):
    for n in range(3):
        make_idea(board, title=f"Idea number {n} about trees")
    tick()
    with CaptureQueriesContext(connection) as few:
        embeddings.compute_missing()
    for n in range(30):
        make_idea(board, title=f"Idea number {n} about crossings")
    tick()
    with CaptureQueriesContext(connection) as many:
        embeddings.compute_missing()
    assert len(few) == len(many)
