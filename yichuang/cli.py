"""The `yichuang` console script: Django's management commands without manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yichuang", *sys.argv[1:]])


if __name__ == "__main__":
    main()
