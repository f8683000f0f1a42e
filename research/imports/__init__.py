"""Import of the school's past records from Excel: read and check a workbook (`workbook`), match
rows to what exists (`names`, `kinds`), preview every row, then apply the whole file in one
transaction (`engine`), without running today's actions. docs/import.md describes the files."""
