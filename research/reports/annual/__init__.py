"""The annual research report (báo cáo tổng kết hoạt động NCKH năm) for the leadership and the
province: tables computed with a fixed number of queries, SVG charts, .docx and .xlsx exports."""
