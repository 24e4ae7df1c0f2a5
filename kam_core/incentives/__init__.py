"""What is owed? Rebate programmes, their periods, payouts, advice, statements and contests."""
