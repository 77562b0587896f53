"""Seed the demo citizen proposals page (called by ``load_demo_data``; idempotent).

Everything goes through the service layer, each step at its own moment on the clock, so the
states, deadlines, counters, corrections and the audit log are what real use would have left.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from home.demo import ideas
from home.demo import proposals as spec
from home.demo.residents import resident, shows_name
from wagtail_participation import clock, contributions
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Area, Participant, Topic
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.models import Proposal, ProposalsPage, ProposalSupport


def seed(command, index, terms) -> ProposalsPage:
    """The proposals page under the participation index (en + nl), seeded once."""
    page = ProposalsPage.objects.child_of(index).filter(slug=spec.PAGE["en"]["slug"]).first()
    if page is None:
        page = ProposalsPage(
            **spec.PAGE["en"],
            show_in_menus=True,
            opens_at=command.today - timedelta(days=400),
            threshold=spec.THRESHOLD,
            window_days=spec.WINDOW_DAYS,
            answer_days=spec.ANSWER_DAYS,
            prescreening=True,
            participation_rules={
                "actions": {
                    "submit": {"level": int(Level.REGISTERED), "phases": []},
                    "support": {"level": int(Level.ANYONE), "phases": []},
                    "comment": {"level": int(Level.REGISTERED), "phases": []},
                },
                "area_keys": [],
                "accept_declared_area": False,
            },
        )
        page.allowed_topics = list(terms["topics"].values())
        page.allowed_areas = list(terms["areas"].values())
        index.add_child(instance=page)
        page.save_revision().publish()
        page = ProposalsPage.objects.get(pk=page.pk)  # publishing saved a copy from the revision
    command.translate(page, spec.PAGE["nl"])
    if not Proposal.objects.filter(record=page.participation_record).exists():
        _seed(command, page, terms)
    _home_block(index.get_parent().specific, page)
    return page


def _home_block(home, page):
    """The home page (each language) shows the most supported proposals (the generic live method block), once."""
    from home.demo import shows_method

    for target in (home, *[p.specific for p in home.get_translations()]):
        if shows_method(target, "method", page):
            continue
        localized = page.get_translations(inclusive=True).filter(locale=target.locale).first() or page
        target.participation.append(
            ("method", {"method": localized.specific, "heading": "", "sort": "votes", "count": 3})
        )
        target.save_revision().publish()


def _seed(command, page, terms):
    rng = random.Random("lindenhoven-demo-proposals")
    now = clock.now()
    residents = [resident(first, last) for first, last in ideas.RESIDENTS]
    supporters = [Participant.new_anonymous() for _ in range(spec.SUPPORTERS)]
    user_model = get_user_model()
    staff = user_model.objects.filter(username=ideas.STAFF["username"]).first() or user_model.objects.create_user(
        ideas.STAFF["username"],
        ideas.STAFF["email"],
        None,
        is_staff=True,
        first_name=ideas.STAFF["first_name"],
        last_name=ideas.STAFF["last_name"],
    )
    locales = {"en": command.en, "nl": command.nl}
    created = {}
    for item in spec.PROPOSALS:
        locale = locales[item["language"]]
        area = Area.objects.get(slug=item["area"], locale=locale) if item["area"] else None
        published = (
            command.today - timedelta(days=item["published"]) + timedelta(hours=9, minutes=rng.randint(0, 600))
            if item["published"] is not None
            else None
        )
        submitted = (published - timedelta(hours=20)) if published else now - timedelta(days=rng.randint(1, 3))
        with clock.frozen_at(submitted):
            proposal = proposals.new_proposal(
                page,
                residents[item["author"]],
                submit=item["state"] != "draft",
                title=item["title"],
                body=item["body"],
                language=item["language"],
                area=area,
                show_author=shows_name(residents[item["author"]]),
            )
        proposal.topics.set([Topic.objects.get(slug=slug, locale=locale) for slug in item["topics"]])
        contributions.follow(proposal, residents[item["author"]], item["language"])
        created[item["key"]] = proposal
        if published is None:
            continue
        with clock.frozen_at(published):
            proposals.publish(proposal, staff)
        proposal.refresh_from_db()
        _support(rng, proposal, item, supporters, published, now, staff)
    for key, author, body, language in spec.COMMENTS:
        proposal = created[key]
        with clock.frozen_at(min(now, proposal.published_at + timedelta(days=2, hours=3))):
            contributions.add_comment(
                proposal, residents[author], body, language, show_author=shows_name(residents[author])
            )
    # What these proposals went through was announced at the time: mark those notifications as
    # sent, so loading the demo mails no one.
    for proposal in Proposal.objects.filter(record=page.participation_record, published_at__isnull=False):
        for kind in th.due_notifications(proposal.status_at(now), now, warning_days=7):
            proposals.claim(proposal.pk, kind, now)


def _support(rng, proposal, item, supporters, published, now, staff):
    end = min(now, proposal.window_ends_at - timedelta(hours=1))
    decided = None
    if item.get("answer"):
        days_after, outcome, body = item["answer"]
        decided = published + timedelta(days=item["reached_day"] + days_after)
        end = min(end, decided - timedelta(hours=1))
    fraud_count, fraud_reason = item.get("fraud", (0, ""))
    total = item["supports"] + fraud_count
    if item.get("reached_day"):  # the threshold falls on that day
        reach = published + timedelta(days=item["reached_day"])
        online_needed = max(0, spec.THRESHOLD - sum(n for n, *_ in item.get("offline", [])))
        moments = [published + (reach - published) * rng.uniform(0.02, 1.0) for _ in range(min(total, online_needed))]
        moments += [reach + (end - reach) * rng.uniform(0.0, 1.0) for _ in range(total - len(moments))]
    else:
        moments = [published + (end - published) * rng.uniform(0.01, 1.0) for _ in range(total)]
    chosen = rng.sample(supporters, total)
    for at, supporter in sorted(zip(moments, chosen), key=lambda pair: pair[0]):
        with clock.frozen_at(at):
            proposals.support(proposal, supporter)
    for index, (count, channel, note) in enumerate(item.get("offline", [])):
        with clock.frozen_at(published + (end - published) * (0.5 + 0.2 * index)):
            proposals.add_offline(proposal, count=count, channel=channel, note=note, user=staff)
    if fraud_count:
        fraud = ProposalSupport.objects.filter(proposal=proposal, participant__in=chosen[:fraud_count]).values_list(
            "pk", flat=True
        )
        with clock.frozen_at(end):
            proposals.remove_supports(proposal, list(fraud), reason=fraud_reason, user=staff)
    if item.get("answer"):
        department = _department(item)
        with clock.frozen_at(decided):
            proposals.answer(
                Proposal.objects.get(pk=proposal.pk),
                department=department,
                body=body,
                outcome=outcome,
                author=staff,
                language="en",
            )
    if item.get("ineligible"):
        with clock.frozen_at(now - timedelta(days=2)):
            proposals.declare_ineligible(proposal, reason=item["ineligible"], user=staff)


def _department(item):
    from wagtail.models import Locale

    from wagtail_participation.models import Department

    slug = "mobility" if "mobility" in item["topics"] else "environment"
    return Department.objects.get(slug=slug, locale=Locale.get_default())
