"""Named domain events. Handlers are connected explicitly in ``apps.ready()``."""

from django.dispatch import Signal

# A result snapshot was stored. Provides: sender (ResultSnapshot class), snapshot, kind.
snapshot_taken = Signal()

# The city published an official update on a contribution. Provides: sender (OfficialUpdate class), update.
contribution_answered = Signal()

# An item needs a moderator: it waits for prescreening, was reported for the first time, or was
# hidden after reports. Provides: sender (Contribution or Comment class), instance, reason
# (one of "waiting", "reported", "auto_hidden", "review": its author asks for a review of a hide).
moderation_needed = Signal()

# A moderator hid a contribution or comment; its author is owed the statement of reasons.
# Provides: sender (the model class), instance.
hidden_by_moderator = Signal()

# A moderator answered an author's review request. Provides: sender (ReviewRequest class), review.
review_answered = Signal()

# What a method's results show moved in a way a results block's "nothing yet" depends on (a
# proposal reached or lost its threshold, was answered, published or hidden): a results page
# keeps its drawn body only until then. Provides: sender (the model class).
results_inputs_changed = Signal()
