"""The facilitator's tools: an anonymised cohort dashboard, mentor-mentee matching, a session plan.

The modules here (except :mod:`.widgets` and :mod:`.charts`) are plain functions over workbooks:
no ipywidgets or IPython. Heavy libraries (pandas, altair, scipy) load only inside the functions
that need them, so ``import mentorkit.facilitator`` stays cheap.
"""
