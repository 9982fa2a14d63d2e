"""Excel import and export of the catalogue (事项目录 Excel 导入导出, issue 2 §5).

`export_workbook` writes item versions, their parts, implementation lists and bundles to one
workbook; `import_workbook` reads such a workbook back, all or nothing. Both directions use
the one layout in `columns`; `reading` turns a workbook into drafts, `planning` checks them
against the database and `writing` writes them, both run by `importer`.
"""

from .exporter import export_workbook
from .importer import ImportRefused, ImportReport, import_workbook
from .reading import CellError

__all__ = ["CellError", "ImportRefused", "ImportReport", "export_workbook", "import_workbook"]
