"""Seed the demo city, idempotently, through model APIs (no fixtures): safe to run again."""

import csv
import io
import os
import random
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site

from home.demo import budgets as budget_demo
from home.demo import content, ideas, localize, seed_proposals, surveys, translations
from home.demo import polls as demo_polls
from home.demo import results as demo_results
from home.demo.pictures import skyline
from home.demo.residents import resident, shows_name
from home.models import HomePage, StandardPage
from wagtail_participation import clock, contributions, moderation, reviews, verification
from wagtail_participation.engine import hashed_codes
from wagtail_participation.engine.policy import Level
from wagtail_participation.ideas.models import Idea, IdeaBoardPage, VotingMode
from wagtail_participation.models import (
    Area,
    CensusImport,
    CodeBatch,
    Department,
    InvitationCode,
    Participant,
    ParticipationIndexPage,
    ParticipationSettings,
    ProjectPage,
    ProjectPhase,
    Topic,
    Verification,
)

DEFAULT_ADDR = "127.0.0.1:8000"  # runserver's own default, and the Makefile's DEMO_ADDR
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "participation-demo"


def site_address(addr: str) -> tuple[str, int]:
    """runserver's ``[host:]port`` as the Site's hostname and port. "0.0.0.0" listens everywhere but
    is no address to visit, so links use 127.0.0.1 then."""
    host, _, port = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit():
        raise CommandError(f"--address must be [host:]port, not {addr!r}")
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return (f"[{host}]" if ":" in host else host), int(port)


class Command(BaseCommand):
    help = "Create the demo city (Lindenhoven): locales, taxonomy, legal pages, three projects in English and Dutch."

    def add_arguments(self, parser):
        parser.add_argument("--no-admin", action="store_true", help="Do not create the demo admin account.")
        parser.add_argument(
            "--address",
            default=os.environ.get("DEMO_ADDR") or DEFAULT_ADDR,
            help="host:port the demo is served on (make demo passes DEMO_ADDR): the Site's address, so "
            f"e-mails link there, and the admin URL printed at the end. Default: $DEMO_ADDR, else {DEFAULT_ADDR}.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        # Phases start at midnight in the site's time zone, as a city would schedule them.
        self.today = clock.local(clock.now()).replace(hour=0, minute=0, second=0, microsecond=0)
        locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "nl", "fr", "de")}
        self.en, self.nl = locales["en"], locales["nl"]
        home = self.home_page(*site_address(options["address"]))
        terms = {
            kind: self.terms(model, rows)
            for kind, (model, rows) in {
                "topics": (Topic, content.TOPICS),
                "areas": (Area, content.AREAS),
                "departments": (Department, content.DEPARTMENTS),
            }.items()
        }
        privacy = self.standard_page(home, content.PRIVACY)
        terms_page = self.standard_page(home, content.TERMS)
        self.site_settings(privacy, terms_page)
        index = self.index_page(home)
        projects = {spec["en"]["slug"]: self.project(index, spec, terms) for spec in content.PROJECTS}
        board = self.idea_board(projects["safe-routes-to-school"], terms)
        self.home_blocks(home, board)
        demo_polls.seed(self, home, projects["safe-routes-to-school"])  # flash poll on the home page, traffic scenarios
        surveys.seed(self, index, terms)  # the park survey (issue 5)
        budget_demo.seed(self, index, terms)  # participatory budgets (issue 6)
        seed_proposals.seed(self, index, terms)  # citizen proposals (issue 7)
        demo_results.seed(self, projects["climate-plan-2030"], terms)  # the finished project's results page
        self.french_and_german(home, index, projects["safe-routes-to-school"], locales, terms)
        codes = self.invitation_codes(terms["areas"]["noord"])
        self.census()
        if not options["no_admin"]:
            self.admin_account(options["address"])
            self.demo_accounts()
        self.moderation_in_progress(board)
        self.text_embeddings()
        self.stdout.write("Invitation codes for Noord (demo letters), e.g.: " + ", ".join(codes[:5]))
        self.stdout.write("Register of residents (demo), e.g.: postal code 3001, house number 12, born 03/05/1980")
        self.stdout.write(self.style.SUCCESS("Demo city Lindenhoven is ready."))

    def text_embeddings(self):
        """With the insights app and its [nlp] extra, the ideas' meanings are computed now (what
        participation_tick would do), so "Check for similar ideas" finds a Dutch idea for an English draft."""
        if not apps.is_installed("wagtail_participation.insights"):
            return
        from wagtail_participation.insights.embeddings import compute_missing

        computed = compute_missing()
        if computed:
            self.stdout.write(f"Text embeddings computed for similar ideas across languages: {computed}")

    # -- pages ---------------------------------------------------------------------------------
    def home_page(self, hostname: str, port: int) -> HomePage:
        home = HomePage.objects.filter(locale=self.en, slug="home").first()
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        if home is None:
            home = root.add_child(instance=HomePage(locale=self.en, **content.HOME["en"], slug="home-new"))
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.hostname, site.port = hostname, port
        site.root_page = home
        site.site_name = "Lindenhoven"
        site.save()
        # Remove Wagtail's "Welcome" placeholder so the demo home page can take the slug "home".
        for placeholder in Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage):
            if not Site.objects.filter(root_page=placeholder).exists():
                placeholder.delete()
        if home.slug != "home":
            home.slug = "home"
            home.save_revision().publish()
            # Re-read: publishing saved a copy from the revision, so this instance's url_path is stale.
            home = HomePage.objects.get(pk=home.pk)
        self.translate(home, content.HOME["nl"])
        return home

    def child_page(self, parent, model, spec, **extra):
        """The English page of ``model`` under ``parent`` with ``spec``'s slug (created once), and its Dutch translation."""
        page = model.objects.child_of(parent).filter(slug=spec["en"]["slug"]).first()
        if page is None:
            page = parent.add_child(instance=model(**spec["en"], **extra))
            page.save_revision().publish()
        self.translate(page, spec["nl"])
        return page

    def standard_page(self, parent, spec) -> StandardPage:
        return self.child_page(parent, StandardPage, spec, show_in_menus=False)

    def index_page(self, home) -> ParticipationIndexPage:
        return self.child_page(home, ParticipationIndexPage, content.INDEX, show_in_menus=True)

    def project(self, index, spec, terms) -> ProjectPage:
        page = ProjectPage.objects.child_of(index).filter(slug=spec["en"]["slug"]).first()
        if page is None:
            image = self.image(spec["picture"])
            page = ProjectPage(**spec["en"], header_image=image)
            for order, phase in enumerate(spec["phases"]):
                start = self.today + timedelta(days=phase["start"])
                page.phases.add(
                    ProjectPhase(
                        sort_order=order,
                        title=phase["en"]["title"],
                        description=phase["en"]["description"],
                        phase_type=phase["type"],
                        start=start,
                        end=start + timedelta(days=phase["days"]),
                    )
                )
            page.topics = [terms["topics"][slug] for slug in spec["topics"]]
            page.areas = [terms["areas"][slug] for slug in spec["areas"]]
            page.department = terms["departments"][spec["department"]]
            index.add_child(instance=page)
            page.save_revision().publish()
        translation = self.translate(page, spec["nl"])
        if translation is not None:
            phases_nl = {p.translation_key: p for p in translation.phases.all()}
            for source_phase, phase in zip(page.ordered_phases(), spec["phases"]):
                target = phases_nl.get(source_phase.translation_key)
                if target and target.title != phase["nl"]["title"]:
                    target.title, target.description = phase["nl"]["title"], phase["nl"]["description"]
                    target.save()
        return page

    def french_and_german(self, home, index, project, locales, terms):
        """One whole project (the pages above it, its methods, the taxonomy) in French and German,
        through wagtail-localize, so the demo shows all four languages."""
        for code, texts in translations.LANGUAGES.items():
            locale = locales[code]
            for term in (*terms["topics"].values(), *terms["areas"].values(), *terms["departments"].values()):
                if not term.get_translations().filter(locale=locale).exists():
                    localize.translate(term, locale, texts)
            for page in (home, index, project, *[child.specific for child in project.get_descendants()]):
                if not page.get_translations().filter(locale=locale).exists():
                    localize.translate(page, locale, texts)

    def translate(self, page, fields):
        """Create (once) the Dutch translation of ``page`` with the given Dutch fields, published."""
        existing = page.get_translations().filter(locale=self.nl).first()
        if existing is not None:
            return existing.specific
        translation = page.copy_for_translation(self.nl, copy_parents=True)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        return translation.specific

    def idea_board(self, project, terms) -> IdeaBoardPage:
        """The idea board of the school-routes project (en + nl), seeded once with residents' ideas."""
        spec = ideas.BOARD
        board = IdeaBoardPage.objects.child_of(project).filter(slug=spec["en"]["slug"]).first()
        if board is None:
            collect = next(phase for phase in project.ordered_phases() if phase.phase_type == "collect")
            during_collect = [collect.code]
            board = IdeaBoardPage(
                **spec["en"],
                voting_mode=VotingMode.UP,
                participation_rules={
                    "actions": {
                        "submit": {"level": int(Level.REGISTERED), "phases": during_collect},
                        "vote": {"level": int(Level.ANYONE), "phases": during_collect},
                        "comment": {"level": int(Level.REGISTERED), "phases": during_collect},
                    },
                    "area_keys": [],
                    "accept_declared_area": False,
                },
            )
            board.allowed_topics = [terms["topics"]["mobility"], terms["topics"]["youth"]]
            board.allowed_areas = [terms["areas"]["noord"]]
            project.add_child(instance=board)
            board.save_revision().publish()
            board = IdeaBoardPage.objects.get(pk=board.pk)  # publishing saved a copy from the revision
        self.translate(board, spec["nl"])
        if not Idea.objects.filter(record=board.participation_record).exists():
            self.seed_ideas(board, terms)
        return board

    def home_blocks(self, home, board):
        """The home page embeds the board's trending ideas (the generic live method block), in both languages."""
        for page in (home, *[p.specific for p in home.get_translations()]):
            if not page.participation:
                localized = board.get_translations(inclusive=True).filter(locale=page.locale).first() or board
                page.participation = [
                    ("method", {"method": localized.specific, "heading": "", "sort": "trending", "count": 3})
                ]
                page.save_revision().publish()

    def seed_ideas(self, board, terms):
        """Ideas, votes, comments, answers and follows, as residents and staff would have made them
        over the collect phase: through the services, each at its own moment on the clock."""
        rng = random.Random("lindenhoven-demo-ideas")
        now = clock.now()
        user_model = get_user_model()
        residents = []
        for first, last in ideas.RESIDENTS:
            residents.append(resident(first, last))
        voters = residents + [Participant.new_anonymous() for _ in range(ideas.ANONYMOUS_VOTERS)]
        staff = user_model.objects.filter(username=ideas.STAFF["username"]).first()
        if staff is None:
            staff = user_model.objects.create_user(
                ideas.STAFF["username"],
                ideas.STAFF["email"],
                None,
                is_staff=True,
                first_name=ideas.STAFF["first_name"],
                last_name=ideas.STAFF["last_name"],
            )
        department = terms["departments"]["mobility"]
        locales = {"en": self.en, "nl": self.nl}
        localized = {  # an idea posted on the Dutch board carries the Dutch topic and area
            (model, slug, code): model.objects.get(slug=slug, locale=locales[code])
            for model, slugs in ((Topic, ("mobility", "youth")), (Area, ("noord",)))
            for slug in slugs
            for code in locales
        }

        def moment(days_ago, hhmm):
            hours, minutes = map(int, hhmm.split(":"))
            return min(self.today - timedelta(days=days_ago) + timedelta(hours=hours, minutes=minutes), now)

        def between(start, end):
            return start + (end - start) * rng.uniform(0.05, 0.95)

        created = {}
        for spec in [*ideas.IDEAS, ideas.MEETING_IDEA]:
            code = spec["language"]
            meeting = spec.get("channel") == "meeting"
            idea = Idea.objects.create(
                record=board.participation_record,
                author=None if meeting else residents[spec["author"]],
                show_author=not meeting and shows_name(residents[spec["author"]]),
                title=spec["title"],
                body=spec["body"],
                language=code,
                location_text=spec["location"],
                area=localized[(Area, "noord", code)],
                created_at=moment(*spec["when"]),
                channel=spec.get("channel", "online"),
                channel_event=spec.get("channel_event", ""),
                entered_by=staff if meeting else None,
            )
            idea.topics.set([localized[(Topic, slug, code)] for slug in spec["topics"]])
            if idea.author_id:
                contributions.follow(idea, idea.author, code)  # as posting on the site does
            created[spec["key"]] = idea
            for voter in rng.sample(voters, spec["votes"]):
                with clock.frozen_at(between(idea.created_at, now)):
                    contributions.cast_vote(idea, voter, 1)
        for key, author, body, code, replies in ideas.COMMENTS:
            idea = created[key]
            with clock.frozen_at(between(idea.created_at, now)) as at:
                comment = contributions.add_comment(
                    idea, residents[author], body, code, show_author=shows_name(residents[author])
                )
            for reply_author, reply_body, reply_code in replies:
                with clock.frozen_at(between(at, now)) as at:
                    contributions.add_comment(
                        idea,
                        residents[reply_author],
                        reply_body,
                        reply_code,
                        parent=comment,
                        show_author=shows_name(residents[reply_author]),
                    )
        for key, answers in ideas.UPDATES:
            idea = created[key]
            for days_ago, hhmm, status, body in answers:
                at = moment(days_ago, hhmm)
                if at <= idea.created_at:
                    raise CommandError(f"demo answer to {key!r} predates the idea")
                with clock.frozen_at(at):
                    contributions.publish_official_update(
                        idea, department=department, body=body, new_status=status, author=staff
                    )
        for follower, key in ideas.FOLLOWS:
            contributions.follow(created[key], residents[follower], created[key].language)  # on the idea's page

    def moderation_in_progress(self, board):
        """An idea hidden with a statement of reasons and its author's open review request (once).
        The author is the demo account confirmed@lindenhoven.example (its e-mail is confirmed, so it can log in) when it exists."""
        spec = ideas.HIDDEN_IDEA
        record = board.participation_record
        if Idea.objects.filter(record=record, title=spec["title"]).exists():
            return
        user_model = get_user_model()
        user = user_model.objects.filter(username=content.DEMO_ACCOUNTS[1][0]).first()
        if user is None:  # --no-admin: one of the residents in the story
            first, last = ideas.RESIDENTS[0]
            user = user_model.objects.get(username=f"demo.{first}.{last}".lower().replace(" ", "-"))
        author = Participant.objects.get_or_create(user=user)[0]
        days_ago, hhmm = spec["when"]
        hours, minutes = map(int, hhmm.split(":"))
        posted = min(self.today - timedelta(days=days_ago) + timedelta(hours=hours, minutes=minutes), clock.now())
        idea = Idea.objects.create(
            record=record,
            author=author,
            show_author=False,
            title=spec["title"],
            body=spec["body"],
            language=spec["language"],
            location_text=spec["location"],
            area=Area.objects.get(slug="noord", locale=self.en),
            created_at=posted,
        )
        staff = user_model.objects.filter(username=ideas.STAFF["username"]).first()
        with clock.frozen_at(posted + timedelta(hours=14)):
            moderation.hide(idea, ideas.HIDDEN_GROUND, ideas.HIDDEN_EXPLANATION, user=staff)
        with clock.frozen_at(posted + timedelta(days=1, hours=2)):
            reviews.request_review(idea, author, ideas.REVIEW_REASON)

    # -- taxonomy, settings, people ------------------------------------------------------------
    def terms(self, model, rows) -> dict:
        found = {}
        for row in rows:
            term = model.objects.filter(slug=row["slug"], locale=self.en).first()
            if term is None:
                term = model.objects.create(locale=self.en, **row["en"], slug=row["slug"])
            if not model.objects.filter(translation_key=term.translation_key, locale=self.nl).exists():
                dutch = term.copy_for_translation(self.nl)
                for name, value in row["nl"].items():
                    setattr(dutch, name, value)
                dutch.save()
            found[row["slug"]] = term
        return found

    def image(self, picture) -> Image:
        image = Image.objects.filter(title=picture["title"]).first()
        if image is None:
            image = Image.objects.create(title=picture["title"], file=skyline(**picture["draw"]))
        return image

    def site_settings(self, privacy, terms_page):
        site = Site.objects.get(is_default_site=True)
        settings = ParticipationSettings.for_site(site)
        settings.primary_colour = "#005a70"
        settings.accent_colour = "#f2a900"
        settings.privacy_page = privacy
        settings.terms_page = terms_page
        settings.moderation_email = "participatie@lindenhoven.example"
        settings.save()

    def invitation_codes(self, noord) -> list[str]:
        """A batch of printed letters for Noord. The demo codes are fixed (and public) so they can be
        printed on every run; real batches are random and shown only once."""
        rng = random.Random("lindenhoven-demo-letters")
        codes = [
            "-".join("".join(rng.choice(hashed_codes.CODE_ALPHABET) for _ in range(4)) for _ in range(3))
            for _ in range(20)
        ]
        if not CodeBatch.objects.filter(name="Demo letters Noord").exists():
            batch = CodeBatch.objects.create(name="Demo letters Noord", size=len(codes), area=noord)
            InvitationCode.objects.bulk_create(
                InvitationCode(batch=batch, digest=verification.code_digest(c)) for c in codes
            )
        used = set(
            InvitationCode.objects.filter(batch__name="Demo letters Noord", used_by__isnull=False).values_list(
                "digest", flat=True
            )
        )
        return [code for code in codes if verification.code_digest(code) not in used]

    def census(self):
        if CensusImport.objects.filter(name="Demo register").exists():
            return
        buffer = io.StringIO()
        csv.writer(buffer).writerows(content.CENSUS_ROWS)
        backend = verification.get_backend("census")
        _, errors = backend.import_rows("Demo register", io.BytesIO(buffer.getvalue().encode()))
        if errors:
            raise CommandError(f"demo register did not import: {errors}")

    def demo_accounts(self):
        """One account per participation level; the password is the admin's (demo only)."""
        user_model = get_user_model()
        noord_row = dict(zip(content.CENSUS_ROWS[0], content.CENSUS_ROWS[2]))
        for email, level in content.DEMO_ACCOUNTS:
            user = user_model.objects.filter(username=email).first()
            if user is None:
                user = user_model.objects.create_user(email, email, ADMIN_PASSWORD)
            if apps.is_installed("allauth.account"):
                from allauth.account.models import EmailAddress

                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"primary": True, "verified": level != "registered"}
                )
            if level == "verified" and not Verification.objects.filter(participant__user=user).exists():
                participant, _ = Participant.objects.get_or_create(user=user)
                verification.get_backend("census").verify(participant, noord_row)
            self.stdout.write(f"Demo citizen ({level}): {email}  password: {ADMIN_PASSWORD}")

    def admin_account(self, address):
        user_model = get_user_model()
        user = user_model.objects.filter(username=ADMIN_USERNAME).first()
        if user is None:
            user = user_model.objects.create_superuser(ADMIN_USERNAME, "admin@lindenhoven.example", ADMIN_PASSWORD)
            self.stdout.write("Created the demo admin account.")
        host, port = site_address(address)
        self.stdout.write(
            f"Admin login: http://{host}:{port}/admin/  user: {ADMIN_USERNAME}  password: {ADMIN_PASSWORD} (demo only)"
        )
        # The admin may see the register of residents: it asks for a second factor (docs/demo.md).
        self.stdout.write("On the first admin visit, set up an authenticator app (TOTP) when asked; docs/demo.md.")
