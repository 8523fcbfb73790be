"""A field's help text is announced with the field: the input's aria-describedby names the
help paragraph that `includes/field.html` renders (WCAG 2.1 1.3.1, 3.3.2)."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    code = forms.CharField(label="Code", help_text="Three digits.")


def test_the_help_paragraph_is_what_the_input_points_to():
    html = render_to_string("includes/field.html", {"field": _Form()["code"]})
    described = re.search(r'aria-describedby="([^"]+)"', html)
    assert described is not None
    assert f'id="{described.group(1)}"' in html and "Three digits." in html


class _Choices(forms.Form):
    languages = forms.MultipleChoiceField(
        label="Languages",
        choices=[("fi", "Finnish"), ("sv", "Swedish")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree")


def test_a_group_of_checkboxes_is_a_fieldset_named_by_its_legend():
    """Each checkbox is named by its own choice, the group by the legend (it used to wrap
    every checkbox in one label, so the first was named "Finnish Swedish Languages")."""
    group = render_to_string("includes/field.html", {"field": _Choices()["languages"]})
    assert group.lstrip().startswith("<fieldset") and "<legend>Languages</legend>" in group
    assert re.search(r"<label[^>]*>\s*<input[^>]*>\s*Finnish</label>", group)
    single = render_to_string("includes/field.html", {"field": _Choices()["agree"]})
    assert "<fieldset" not in single and re.search(r"<label><input[^>]*> I agree</label>", single)
