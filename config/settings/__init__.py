"""K线学堂 settings: everything comes from the environment, with safe local defaults.

Development works with no variables set. With DJANGO_DEBUG=0 the site refuses to start
unless DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are real values.

Split by concern, each part importing what it needs from ``base``:
base (apps, middleware, auth, language, files), data (database and cache), security,
content (site, counting, page cache, statistics, comments) and editor (CKEditor 5).
"""

from config.settings.base import *  # noqa: F403
from config.settings.content import *  # noqa: F403
from config.settings.data import *  # noqa: F403
from config.settings.editor import *  # noqa: F403
from config.settings.practice import *  # noqa: F403
from config.settings.security import *  # noqa: F403
