"""'You said, we did': recording actions (records.py), the checks on their public wording
(wording.py), the quotes they may carry (quotes.py) and what public pages show (public.py).
No Flask here: the organiser and public blueprints both call these."""
