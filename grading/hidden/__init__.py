"""The hidden tests of the book's exercises, one module per chapter (named after its notebook)."""
