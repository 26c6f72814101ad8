"""The delete confirmation without the rows that link two objects (an article's tags).

Django lists each row of an automatic many-to-many table as "Article-tag relationship:
Article_tags object (1)", in English built from model names. Those rows are only links;
removing them loses nothing a person made, so the confirmation leaves them out.
"""

from django.utils.text import capfirst


def _link_models(model_admin):
    opts = model_admin.model._meta
    fields = [*opts.many_to_many, *(r for r in opts.related_objects if r.many_to_many)]
    through = {field.remote_field.through for field in fields if field.remote_field}
    return [model for model in through if model._meta.auto_created]


def _without(items, prefixes):
    kept = []
    for item in items:
        if isinstance(item, list):
            nested = _without(item, prefixes)
            if nested:
                kept.append(nested)
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


class QuietLinksMixin:
    """For a ModelAdmin whose model has many-to-many fields (either side)."""

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = _link_models(self)
        prefixes = tuple(f"{capfirst(m._meta.verbose_name)}: " for m in links)
        names = {str(m._meta.verbose_name_plural) for m in links}
        if prefixes:
            to_delete = _without(to_delete, prefixes)
            counts = {name: count for name, count in counts.items() if str(name) not in names}
        return to_delete, counts, perms_needed, protected
