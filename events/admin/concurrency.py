"""Two editors on one record: the second save never silently undoes the first.

Every admin form of a versioned record (events, zones, actors, places, sources) carries the
version it was opened at, signed (VersionedForm). A save from a form opened before someone
else's save is refused, and the form comes back merged: each field only the other editor changed
is taken into it, each field both changed is named with the other editor's value beside this
editor's (kept in the form), and the form now carries the new version, so that saving again,
once checked, keeps both editors' work. The model's own lock (django-concurrency, a conditional
UPDATE) refuses a stale save made any other way, and one that slips in between the check and the
save (events.models.common.Versioned)."""

from dataclasses import dataclass, field

from django import forms
from django.contrib.gis.forms import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone

from events.selectors.history import fields_at_version, last_saved

SALT = "conflictmap.record-version"
TOKEN_FIELD = "version_token"
MAX_SHOWN = 120  # characters of the other editor's value shown in the message


def version_token(instance: models.Model) -> str:
    """The record's current version, signed and bound to this record."""
    return signing.Signer(salt=SALT).sign(
        f"{instance._meta.label}:{instance.pk}:{getattr(instance, 'version', 0)}"
    )


def version_read(instance: models.Model, token: str) -> int | None:
    """The version a form was opened at, or None when its token is not this record's."""
    try:
        label, pk, version = signing.Signer(salt=SALT).unsign(token or "").rsplit(":", 2)
    except (signing.BadSignature, ValueError):
        return None
    if label != instance._meta.label or pk != str(instance.pk) or not version.isdigit():
        return None
    return int(version)


@dataclass
class Merge:
    taken: list[str] = field(default_factory=list)  # only the other editor changed them
    both: list[tuple[str, str]] = field(default_factory=list)  # (label, their value)

    def message(self, who: str, when) -> str:
        at = f" at {timezone.localtime(when):%H:%M:%S}" if when else ""
        parts = [f"{who} saved this record{at}, after you opened this page: nothing was saved yet."]
        if self.taken:
            parts.append(f"Taken into your form from their save: {', '.join(self.taken)}.")
        if self.both:
            changed = "; ".join(f"{label} (theirs: {value})" for label, value in self.both)
            parts.append(f"Changed by both of you, your value is kept below: {changed}.")
        if not (self.taken or self.both):
            parts.append("They changed nothing you see here.")
        parts.append("Check the form, then save again to keep both.")
        return " ".join(parts)


class VersionedForm(forms.ModelForm):
    """A model form that refuses a stale save and merges it (see the module's note)."""

    version_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Off for a revert's form: it is built from the record as the revert leaves it, and a
    # revert replaces the current text on purpose.
    check_version = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        self.initial[TOKEN_FIELD] = version_token(self.instance)
        for name, form_field in self.fields.items():
            # Each field posts back the value it was opened with (Django's hidden initial), so
            # that a stale save knows which fields this editor changed, and which the other did,
            # even for a record with no history. Not the geometries: pages stay light, and
            # their opened value comes from the history.
            if name != TOKEN_FIELD and not isinstance(form_field, GeometryField):
                form_field.show_hidden_initial = True

    def clean(self):
        data = super().clean()
        if self.instance.pk is None or not self.check_version:
            return data
        read = version_read(self.instance, self.cleaned_data.get(TOKEN_FIELD, ""))
        if read is None:
            raise ValidationError(
                "This form does not say which version of the record it was opened at: open the "
                "record again (copy your changes first).",
                code="version",
            )
        fresh = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if fresh is not None and fresh.version != read:
            merge = _merge(self, fresh, read)
            who, when = last_saved(fresh)
            raise ValidationError(merge.message(who, when), code="stale")
        # What the model's lock checks on save: a save in between is refused there.
        self.instance.version = read
        return data


def _merge(form: VersionedForm, fresh: models.Model, read: int) -> Merge:
    snapshot = None  # read from the history only when a field's opened value was not posted
    merge = Merge()
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict: the posted form
    for name, form_field in form.fields.items():
        try:
            model_field = fresh._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not isinstance(model_field, models.Field) or not model_field.concrete:
            continue
        if model_field.many_to_many:
            continue
        now = getattr(fresh, model_field.attname)
        posted = form[name].data
        label = str(form_field.label or model_field.verbose_name)
        before, known = _opened_value(form, name)
        if not known:
            if snapshot is None:
                snapshot = fields_at_version(fresh, read) or {}
            known = model_field.attname in snapshot
            before = snapshot.get(model_field.attname)
        if not known:  # nothing says what the form was opened on: name what differs now
            if form_field.has_changed(now, posted):
                merge.both.append((label, _shown(now)))
            continue
        if not form_field.has_changed(before, _as_posted(form_field, now)):
            continue  # the other editor left it as it was
        if form_field.has_changed(before, posted) and form_field.has_changed(now, posted):
            merge.both.append((label, _shown(now)))
        elif _put(data, form, form.add_prefix(name), form_field, now):
            merge.taken.append(label)
        else:
            merge.both.append((label, _shown(now)))
        # The form is now opened on their save: a third save is measured from it.
        if form_field.show_hidden_initial:
            _put(data, form, form.add_initial_prefix(name), form_field, now)
    data[form.add_prefix(TOKEN_FIELD)] = version_token(fresh)
    form.data = data
    return merge


def _opened_value(form: VersionedForm, name: str) -> tuple[object, bool]:
    """The value the field had when the page was opened, as the page posted it back (Django's
    hidden initial), and whether the page did."""
    form_field = form.fields[name]
    key = form.add_initial_prefix(name)
    if not form_field.show_hidden_initial or key not in form.data:
        return None, False
    raw = form_field.hidden_widget().value_from_datadict(form.data, form.files, key)
    try:
        return form_field.to_python(raw), True
    except ValidationError:
        return None, False


def _as_posted(form_field: forms.Field, value):
    """A stored value as a form would post it, for has_changed."""
    prepared = form_field.prepare_value(value)
    if isinstance(prepared, GEOSGeometry):
        return prepared.json
    return prepared


def _put(data, form: VersionedForm, key: str, form_field: forms.Field, value) -> bool:
    """The other editor's value into the posted data under `key`, as the field's widget posts
    it; False when the widget posts in several parts (this editor merges those by hand)."""
    if isinstance(form_field.widget, forms.MultiWidget):
        return False
    prepared = form_field.prepare_value(value)
    if isinstance(form_field.widget, forms.CheckboxInput) and not key.startswith("initial-"):
        if prepared:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(prepared, list | tuple):
        data.setlist(key, [str(v) for v in prepared])
    elif isinstance(prepared, GEOSGeometry):
        data[key] = prepared.json
    else:
        data[key] = "" if prepared is None else str(prepared)
    return True


def _shown(value) -> str:
    text = "empty" if value in (None, "", [], {}) else str(value)
    if isinstance(value, GEOSGeometry):
        text = f"a {value.geom_type} of {value.num_coords} points"
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
