"""`make mutate`: the mutation score of the pure rules, read from mutmut's results."""
