"""Static files as WhiteNoise serves them in production: compressed, under hashed names."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    """Hashed names once `collectstatic` has run (`make serve` runs it); before that (the test
    suite, `make run`) a page names its static files plainly instead of failing to render.
    collectstatic itself still fails on a stylesheet that points at a missing file."""

    manifest_strict = False
    # The map's ES modules import one another: rewrite those imports to the hashed names too,
    # so that a new release never mixes a cached module with a fresh one.
    support_js_module_import_aggregation = True

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:  # not collected yet: nothing to hash
            return name
