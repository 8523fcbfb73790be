"""Reference data shipped with Kohtaanto (see NOTICE for sources and licences)."""
