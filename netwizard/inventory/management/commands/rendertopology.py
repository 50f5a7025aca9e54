from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import selectors


class Command(BaseCommand):
    help = "Write a host's network topology as an SVG diagram."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the host")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        host = selectors.host_get(name=options["name"])
        if host is None:
            raise CommandError(f"no host named {options['name']!r}")
        svg = selectors.host_review(host=host).topology_svg()
        if options["output"]:
            Path(options["output"]).write_text(svg, encoding="utf-8")
        else:
            self.stdout.write(svg, ending="")
