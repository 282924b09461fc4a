# Copy to instance/config.py and change what you need. FEEDBACK_* environment variables
# override anything here (for example FEEDBACK_DATABASE_URL).

# DATABASE_URL = "postgresql://feedback@127.0.0.1:5432/feedback"
# SERVICE_NAME = "Have your say"
# TRUST_NAME = "Example NHS Foundation Trust"
# SMALL_GROUP_MINIMUM = 10   # no breakdown or free text for fewer responses than this
# SMALL_COUNT_MAXIMUM = 4    # counts from 1 to this are hidden
