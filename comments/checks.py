"""`manage.py check` refuses a moderation rules file that does not load (CI runs it)."""

import re

from django.core.checks import Error, register


@register()
def moderation_rules_load(app_configs, **kwargs):
    from comments.moderation import load_rules

    try:
        load_rules()
    except (OSError, ValueError, KeyError, TypeError, re.error) as exc:
        return [
            Error(
                f"评论审核规则文件无法加载： {exc}",
                hint="Check COMMENTS_RULES_FILE and the TOML / regular expressions in it.",
                id="comments.E001",
            )
        ]
    return []
