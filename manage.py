#!/usr/bin/env python
import os
import sys

# These two only read a file, and Django's start-up would be most of their time, so they run
# without it. Django still takes every command line with more than the command's own
# options (--settings, --pythonpath, --traceback, -v, --no-color, --force-color, --help,
# abbreviations, usage errors: netwizard.network.cli returns None for those), and custom
# colours or shell completion: it alone knows how to honour them.
READ_ONLY_COMMANDS = ("formatinterfaces", "lintinterfaces")


def main() -> None:
    if (
        len(sys.argv) > 1
        and sys.argv[1] in READ_ONLY_COMMANDS
        and not {"DJANGO_COLORS", "DJANGO_AUTO_COMPLETE"} & os.environ.keys()
    ):
        from netwizard.network import cli

        status = cli.main(sys.argv[1], sys.argv[2:])
        if status is not None:
            sys.exit(status)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwizard.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
