"""K线训练营 (practice/): how long rounds live, how many may start, the luck check."""

from config.env import env_int

# A new round per address: more than this in a minute answers the site's JSON 429.
PRACTICE_ROUNDS_PER_MINUTE = env_int("PRACTICE_ROUNDS_PER_MINUTE", 20)
# Unfinished rounds expire after this many hours (the issue: a day).
PRACTICE_ROUND_TTL_HOURS = env_int("PRACTICE_ROUND_TTL_HOURS", 24)
# Finished rounds back their share pages; after this many days they are deleted.
PRACTICE_FINISHED_KEEP_DAYS = env_int("PRACTICE_FINISHED_KEEP_DAYS", 180)
# Random traders in the luck check (at least 1,000: the percentile's sampling error
# is then about one point).
PRACTICE_RANDOM_TRADERS = max(1000, env_int("PRACTICE_RANDOM_TRADERS", 2000))
# The weekly challenge keeps one row per reader for the current weeks; past this many a
# week's further results are still shown to their reader but no longer stored.
PRACTICE_WEEKLY_MAX_ENTRIES = env_int("PRACTICE_WEEKLY_MAX_ENTRIES", 200_000)
# Readers counted per address and week: a client that throws its cookie away to be
# counted again stops here. Generous, because a school or a carrier's NAT puts many
# real readers behind one address.
PRACTICE_WEEKLY_PER_ADDRESS = env_int("PRACTICE_WEEKLY_PER_ADDRESS", 50)
