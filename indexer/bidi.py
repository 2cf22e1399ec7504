"""The Unicode bidi controls that let one captured field reorder the text shown after it.

An author ending in U+202E (right-to-left override) shows the attribution after it reversed;
a file name "Holiday\\u202egpj.exe" shows as "Holidayexe.jpg". Names, titles and file names lose
all of them; a quote's text loses the embeddings, overrides and isolates when it becomes a
post (the marks LRM/RLM stay there: they only settle the direction of the text around them).
"""

import re

# Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
EMBEDDINGS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# ...and the marks: LRM, RLM, ALM.
ALL_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
