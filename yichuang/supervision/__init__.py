"""电子监察、审管联动、成绩单 (supervision). Bounded context of the architecture; its models and services arrive with issue 7."""
