"""Build a new version of the open dataset (cms/dataset/): run it on a
schedule (README, "Open data"), never from a request."""

from django.core.management.base import BaseCommand

from cms.dataset.build import build_dataset


class Command(BaseCommand):
    help = (
        "Write the published record as a Frictionless Data Package zip and a "
        "SQLite file under MEDIA_ROOT/datasets/<version>/ and record the build."
    )

    def handle(self, *args, **options):
        build = build_dataset()
        rows = sum(table["rows"] for table in build.tables)
        self.stdout.write(f"Dataset {build.version}: {rows} rows")
        for item in build.files:
            self.stdout.write(
                f"  {item['path']}  {item['bytes']} bytes  {item['sha256']}"
            )
        previous = build.changelog.get("previous")
        if previous:
            for name, counts in build.changelog["tables"].items():
                if any(counts.values()):
                    self.stdout.write(
                        f"  {name}: +{counts['added']} -{counts['removed']} "
                        f"~{counts['changed']} since {previous}"
                    )
