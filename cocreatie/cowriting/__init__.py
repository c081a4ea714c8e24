"""Co-writing a draft text: paragraphs with stable anchors, comments, amendments shown as
word-level diffs, decisions with a public reason, and versions that credit the input."""
