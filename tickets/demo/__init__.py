"""The demo's past, played back: tickets told as stories, their acts run through the
services at the moments they happened (`manage.py demo`)."""
