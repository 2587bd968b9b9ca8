"""The poverty-reduction domain: households and their events, standards, rules.

Pure Python on top of the event library's aggregate base class; no database, web or
framework import lives here, so the rules can be read and tested on their own.
"""
