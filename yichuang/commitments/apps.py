"""告知承诺 (R-13): a material the catalogue marks 可告知承诺替代 is satisfied by the applicant's
signed commitment; each commitment gets a post-check (事后核查) by the department that
decides the case; a false one revokes the decision and is recorded against the applicant
(失信记录). The proofs list (证明事项清单) each site publishes is read from the same catalogue
(docs/decisions/0090-commitments-beside-the-case.md)."""

from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "yichuang.commitments"
    verbose_name = "告知承诺"
