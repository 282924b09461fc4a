"""Joins the text analysis library to the models: analyse answers as they are stored,
re-analyse what is stored, write the machine's tags without undoing people's corrections,
and train a theme model from those corrections. No Flask outside the command modules."""
