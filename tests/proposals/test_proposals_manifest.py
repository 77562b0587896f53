"""The proposals app's manifest: what it registers with the core, and the core without it."""

import io

import pytest
from django.core.management import call_command

from tests.builders import make_index, make_proposal, make_proposals_page
from wagtail_participation import (
    capabilities,
    contribution_kinds,
    figures,
    housekeeping,
    manifests,
    my_items,
    personal_data,
    reviews,
)
from wagtail_participation.models import Contribution, ParticipationIndexPage, ProjectPage, ReviewRequest
from wagtail_participation.proposals import services
from wagtail_participation.proposals.models import Proposal, ProposalsPage

PROPOSALS = "participation_proposals"


def test_the_manifest_registers_the_proposals_kinds_sources_sections_and_job():
    manifest = manifests.get(PROPOSALS)
    assert manifest.page_models == (ProposalsPage,)
    assert {"proposals", "proposal_supports"} <= {kind.code for kind in personal_data.kinds()}
    assert {"proposals", "proposal_supports"} <= {source.code for source in figures.sources()}
    sections = [section.code for section in my_items.sections()]
    assert "proposals" in sections and sections.index("proposals") < sections.index("comments")
    kind = contribution_kinds.get("proposal")
    assert kind.model is Proposal and kind.restore is services.restore
    assert kind.answer_email == "wagtail_participation/proposals/emails/proposal_answer.txt"
    assert kind.moderation_namespace == ""  # moderators' e-mails link the admin home, as before
    assert kind.moderation_permission == "participation_proposals.change_proposal"
    assert "proposal_notifications" in [job.code for job in housekeeping.jobs()]  # the insights app adds its own
    assert {"proposals"} <= {source.code for source in capabilities.text_sources()}


@pytest.mark.django_db  # a page's constructor reads its ContentType (cached only after another test)
def test_index_pages_offer_projects_and_proposals_exactly():
    assert ParticipationIndexPage.allowed_subpage_models() == [ProjectPage, ProposalsPage]
    manifest = manifests.unregister(PROPOSALS)
    try:
        assert ParticipationIndexPage.allowed_subpage_models() == [ProjectPage]
        assert not ProposalsPage.can_exist_under(ParticipationIndexPage(title="x"))
    finally:
        manifests.register(manifest)
    assert ProposalsPage in ProjectPage.allowed_subpage_models()  # inside a project, as every method page


@pytest.mark.django_db
def test_the_tick_runs_the_proposals_job_only_while_the_app_is_there(home):
    out = io.StringIO()
    call_command("participation_tick", stdout=out)
    assert "participation_tick: 0 proposal notification(s) sent" in out.getvalue().splitlines()
    manifest = manifests.unregister(PROPOSALS)
    try:
        out = io.StringIO()
        call_command("participation_tick", stdout=out)
        assert "proposal" not in out.getvalue()
    finally:
        manifests.register(manifest)


@pytest.mark.django_db
def test_the_kind_of_a_proposal_is_found_from_the_shared_row(home, now, make_area):
    page = make_proposals_page(home, now=now)
    proposal = make_proposal(page, title="Benches")
    shared = Contribution.objects.get(pk=proposal.pk)
    assert contribution_kinds.kind_of(shared).code == "proposal"
    assert type(reviews.specific(shared)) is Proposal
    assert reviews.kind_of(shared) == ReviewRequest.Kind.PROPOSAL


@pytest.mark.django_db
def test_proposals_offer_only_published_texts_and_areas(home, now, make_area):
    noord = make_area("Noord", "noord", "3000")
    page = make_proposals_page(make_index(home), now=now)
    record = page.participation_record
    published = make_proposal(page, title="Benches", body="On the square.", area=noord)
    elsewhere = make_proposal(page, title="Trees")
    draft = make_proposal(page, title="Draft", submit=False)

    texts = {key: text for key, text, _language in capabilities.texts([record])}
    assert texts[f"proposal:{published.pk}"] == "Benches\n\nOn the square."
    assert f"proposal:{elsewhere.pk}" in texts and f"proposal:{draft.pk}" not in texts
    located = [item for item in capabilities.located_items([record]) if item.key.startswith("proposal:")]
    assert [(item.key, item.area_key) for item in located] == [(f"proposal:{published.pk}", str(noord.translation_key))]
    resource = next(resource for resource in capabilities.api_resources() if resource.code == "proposals")
    rows = [resource.serialize(proposal) for proposal in resource.queryset([record])]
    assert {row["title"] for row in rows} == {"Benches", "Trees"}
    assert {row["state"] for row in rows} == {"published"} and all(row["author"] == "" for row in rows)
