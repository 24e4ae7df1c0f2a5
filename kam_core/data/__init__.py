"""What does the data say and is it fit to use? The contract, parsing, checks, imports, views."""
