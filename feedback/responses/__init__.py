"""One response flow for every channel (the public survey pages, paper entry, the kiosk):
build the form for a survey version, validate it, store a submission once, and what
happens when a survey closes or a question is taken out while someone is answering.

No templates and no `request`: views pass what the browser sent and render the result.
"""
