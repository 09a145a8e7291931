"""Turn saved Hugging Face Daily Papers digests into a MkDocs Material site."""
