"""Migration operations for moving models between apps without touching their tables.

A model moved from one app to another keeps its table (`Meta.db_table`); its migrations
create it in the new app's state and delete it from the old one's, both state-only
(`SeparateDatabaseAndState`). What the state does not carry is the `django_content_type`
row: permissions, admin log entries, audit entries and generic relations point at it by
id. `move_content_types` relabels that row, so they all keep pointing at the same model.
"""

from django.db import migrations


def move_content_types(old_label, new_label, models):
    """A RunPython that relabels the content types of `models` (lower-case model names)."""

    def relabel(source, target):
        def run(apps, schema_editor):
            ContentType = apps.get_model("contenttypes", "ContentType")
            types = ContentType.objects.using(schema_editor.connection.alias)
            for model in models:
                if not types.filter(app_label=source, model=model).exists():
                    continue  # a fresh database: post_migrate creates the row afterwards
                # A row under the target label can only come from post_migrate on a database
                # that ran the new code before this migration; nothing points at it yet, so
                # it gives way to the old row, which everything points at.
                types.filter(app_label=target, model=model).delete()
                types.filter(app_label=source, model=model).update(app_label=target)

        return run

    return migrations.RunPython(relabel(old_label, new_label), relabel(new_label, old_label))
