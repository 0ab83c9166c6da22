"""Languages: translation catalogs (Babel, gettext ``.po``), locale tags, locale-aware formatting.

English is the source language: the texts stay in the content TOML files and the notebooks. Each
other language has one catalog per source file in ``mentorkit/locale/<lang>/LC_MESSAGES/`` and, for
the checkers' word lists, rules files in ``mentorkit/content/rules/<lang>/``. ``make i18n``
(``python -m mentorkit.i18n update``) extracts the English and updates the catalogs.
"""
