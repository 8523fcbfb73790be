"""Pure domain rules shared by the Django apps, the generator and the analytics.

Nothing here imports Django, so the generator and the libraries can use it too.
"""
