"""Official documents (.docx, and .pdf through LibreOffice): built-in templates in the Party format
(Hướng dẫn 36-HD/VPTW) and the state format (Nghị định 30/2020/NĐ-CP), or the office's own .docx,
filled by docxtpl with the fields of `fields.py` (listed in docs/documents.md)."""
