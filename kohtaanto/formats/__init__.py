"""One date format per language (settings.FORMAT_MODULE_PATH): d.m.yyyy in Finnish, the
Swedish standard yyyy-mm-dd, British dd/mm/yyyy in English (never the US 12/03/2026).
Templates use the DATE_FORMAT/SHORT_DATE_FORMAT names, never a pattern of their own.
HTML date inputs are not affected: web.forms.IsoDateInput always renders ISO values."""
