"""Writers turn one `tree.Document` into one output format. They read only the tree (and
templates/assets through `WriterContext`), never the YAML model."""
