"""The HTML front end: parse a page into the same block sequence the text path produces,
with structural evidence per block, and read the metadata the page declares."""
