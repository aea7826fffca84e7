from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder root page with our HomePage."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(
        content_type__app_label="wagtailcore",
        content_type__model="page",
        slug="home",
        depth=2,
    ).delete()
    locale = apps.get_model("wagtailcore.Locale").objects.order_by("pk").first()
    content_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="cms"
    )
    home = HomePage.objects.create(
        title="Docket",
        draft_title="Docket",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=locale,
    )
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name="Docket"
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
