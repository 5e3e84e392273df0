"""The public disclosure platform's rules that need no framework: which art. 21 list and which key-area
catalogues an agency's platform carries (its tier), and the traditional-script display of a rendered page."""
