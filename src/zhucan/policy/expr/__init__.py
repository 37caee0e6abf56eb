"""The expression language of policies: one parsed tree, three backends that agree."""
