"""What do I do next at this account? The one-page brief, talking points and the diary."""
