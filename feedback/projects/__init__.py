"""QI projects: the register, its spreadsheets, the headline measure and comparisons. No Flask."""
