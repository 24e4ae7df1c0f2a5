"""Who decides at each key account: contacts, their organisation chart, coverage, birthdays."""
