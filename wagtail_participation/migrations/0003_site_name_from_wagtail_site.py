"""The city's name is the Wagtail site's own (*Settings → Sites*): the participation settings' second
"city name" goes. A name an editor gave there moves to its site where that site has none."""

from django.db import migrations

UNCHANGED_DEFAULT = "Our city"


def move_city_names_to_sites(apps, schema_editor):
    ParticipationSettings = apps.get_model("wagtail_participation", "ParticipationSettings")
    for settings in ParticipationSettings.objects.select_related("site").exclude(city_name=UNCHANGED_DEFAULT):
        site = settings.site
        if settings.city_name.strip() and not site.site_name:
            site.site_name = settings.city_name
            site.save(update_fields=["site_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation", "0002_vote_counter_triggers"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_city_names_to_sites, migrations.RunPython.noop),
        migrations.RemoveField(model_name="participationsettings", name="city_name"),
    ]
