"""An editor builds participation through the Wagtail admin's own forms, a resident takes part, and
every page wears the site's own base template (docs/integration.md, sections 2 to 6)."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from wagtail_participation.ideas.models import IdeaBoardPage
from wagtail_participation.models import ParticipationIndexPage, ProjectPage
from wagtail_participation.polls.models import PollPage
from wagtail_participation.surveys.models import SurveyPage

ANYONE = "0"  # the participation level "Anyone (no account needed)"
TRUST_ANSWERS = {
    "goal": "A safer way to school.",
    "who_can_take_part": "Everyone who lives in the city.",
    "what_happens_with_input": "The council decides on the three most wanted crossings.",
    "decision_criteria": "Safety first, then cost.",
    "next_steps": "The council decides in June.",
}
QUESTION_DEFAULTS = {
    "code": "",
    "required": "on",
    "help_text": "",
    "choices": "",
    "option_codes": "",
    "minimum": "",
    "maximum": "",
    "low_label": "",
    "high_label": "",
    "condition_question": "",
    "condition_values": "",
}


def admin_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class SiteLook:
    """What every public page must show with the site's own base template (section 5)."""

    def assert_site_look(self, html):
        self.assertIn("/static/css/mysite.css", html)  # the site's own base.html
        self.assertIn("/static/wagtail_participation/css/participation.css", html)  # {% participation_head %}
        self.assertIn("--wp-primary: #0b5394", html)
        self.assertIn('<nav class="wp-languages"', html)  # {% participation_language_switcher %}
        self.assertIn('hreflang="nl"', html)
        self.assertIn('<nav class="wp-account"', html)  # {% participation_account_links %}
        self.assertNotIn('class="wp-site-header"', html)  # not the package's own chrome


class ParticipationInAFreshSiteTests(SiteLook, TestCase):
    def setUp(self):
        self.now = timezone.now()
        self.home = Page.objects.get(depth=2)
        # Section 6: the languages are on; the home page is translated, so the switcher offers Dutch.
        dutch = Locale.objects.create(language_code="nl")
        self.home.copy_for_translation(dutch).save_revision().publish()
        editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-password")
        self.editor = Client()
        self.editor.force_login(editor)

    def add_page(self, parent, app_label, model_name, data, multiple_choices=None):
        """Create and publish a page through the admin's add view, as an editor does.

        ``multiple_choices`` go in as repeated keys (nested_form_data would number them)."""
        url = reverse("wagtailadmin_pages:add", args=(app_label, model_name, parent.pk))
        self.assertEqual(self.editor.get(url).status_code, 200)
        post = {**nested_form_data(data), **(multiple_choices or {}), "action-publish": "action-publish"}
        response = self.editor.post(url, post)
        errors = response.context and response.context.get("form") and response.context["form"].errors
        self.assertEqual(response.status_code, 302, f"{model_name}: {errors or response.content[:2000]}")

    def build_participation(self):
        self.add_page(
            self.home,
            "wagtail_participation",
            "participationindexpage",
            {"title": "Have your say", "slug": "have-your-say", "intro": rich_text("")},
        )
        index = ParticipationIndexPage.objects.get(slug="have-your-say")
        self.add_page(
            index,
            "wagtail_participation",
            "projectpage",
            {
                "title": "Safe routes to school",
                "slug": "safe-routes",
                "intro": "Tell us which crossings feel unsafe.",
                "policy_stage": "agenda_setting",
                **{name: rich_text(text) for name, text in TRUST_ANSWERS.items()},
                "phases": inline_formset(
                    [
                        {
                            "title": "Collect ideas",
                            "phase_type": "collect",
                            "start": admin_time(self.now - timedelta(days=1)),
                            "end": admin_time(self.now + timedelta(days=20)),
                            "description": "",
                        }
                    ]
                ),
            },
        )
        project = ProjectPage.objects.get(slug="safe-routes")
        opening = {
            "opens_at": admin_time(self.now - timedelta(days=1)),
            "closes_at": admin_time(self.now + timedelta(days=14)),
        }
        collect = [project.phases.get().code]  # each action is open in the project's phase
        self.add_page(
            project,
            "participation_ideas",
            "ideaboardpage",
            {
                "title": "Ideas for safer crossings",
                "slug": "ideas",
                "question": "Which crossing should be made safer?",
                "intro": rich_text(""),
                "ask_location": "optional",
                "voting_mode": "up",
                "max_ideas_per_person": 0,
                "rule_level_submit": ANYONE,
                "rule_level_vote": ANYONE,
                "rule_level_comment": ANYONE,
                **opening,
            },
            {"rule_phases_submit": collect, "rule_phases_vote": collect, "rule_phases_comment": collect},
        )
        self.add_page(
            project,
            "participation_polls",
            "pollpage",
            {
                "title": "Where should the bike shed go?",
                "slug": "bike-shed",
                "question": "Where should the bike shed go?",
                "intro": rich_text(""),
                "options": inline_formset(
                    [{"label": "On the market square", "code": ""}, {"label": "Near the station", "code": ""}]
                ),
                "selection": "single",
                "min_choices": 1,
                "max_choices": 0,
                "results_visibility": "always",
                "allow_change": "on",
                "rule_level_vote": ANYONE,
                **opening,
            },
            {"rule_phases_vote": collect},
        )
        self.add_page(
            project,
            "participation_surveys",
            "surveypage",
            {
                "title": "How do you get to school?",
                "slug": "school-survey",
                "intro": rich_text(""),
                "thank_you_text": rich_text(""),
                "time_estimate": "",
                "rule_level_submit": ANYONE,
                "form_fields": inline_formset(
                    [
                        {
                            **QUESTION_DEFAULTS,
                            "label": "How do you get to school?",
                            "field_type": "radio",
                            "choices": "On foot\nBy bike\nBy car",
                        }
                    ]
                ),
                **opening,
            },
            {"rule_phases_submit": collect},
        )
        return index, project

    def test_an_editor_builds_participation_and_a_resident_votes(self):
        index, project = self.build_participation()
        resident = Client()
        pages = [
            index,
            project,
            IdeaBoardPage.objects.get(slug="ideas"),
            PollPage.objects.get(slug="bike-shed"),
            SurveyPage.objects.get(slug="school-survey"),
        ]
        for page in pages:
            with self.subTest(page=page.title):
                self.assertTrue(page.live)
                response = resident.get(page.url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertIn(page.title, html)
                self.assert_site_look(html)
                self.assertIn(f'href="/admin/login/?next={page.url}"', html)  # LOGIN_URL: the admin's login

        poll = PollPage.objects.get(slug="bike-shed")
        html = resident.get(poll.url).content.decode()
        vote_url = re.search(r'<form[^>]*action="(/en/participation/[^"]+)"', html)[1]
        station = poll.options.get(label="Near the station").code
        response = resident.post(vote_url, {"choice": station, "next": poll.url}, follow=True)
        self.assertEqual(response.redirect_chain[-1][0], poll.url)
        html = response.content.decode()
        self.assertIn('class="wp-container wp-messages" role="status"', html)  # {% participation_messages %}
        self.assertIn("Your vote has been counted.", html)
        self.assert_site_look(html)
        self.assertEqual({row.code: row.value for row in poll.get_results().rows}[station], 1)

        sitemap = resident.get("/sitemap.xml")
        self.assertEqual(sitemap.status_code, 200)
        self.assertIn(poll.full_url, sitemap.content.decode())

    def test_addresses_from_before_the_languages_redirect_to_their_prefixed_ones(self):
        self.home.add_child(instance=Page(title="About", slug="about"))
        response = Client().get("/about/")
        self.assertEqual((response.status_code, response.url), (302, "/en/about/"))
        self.assertEqual(Client().get("/en/about/").status_code, 200)
        self.assertEqual(Client().get("/").url, "/en/")
