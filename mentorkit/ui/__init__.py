"""Exercise widgets: a thin skin over the workbook and the checks in mentorkit.core."""
