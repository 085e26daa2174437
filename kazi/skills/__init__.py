"""Skills intelligence: ESCO skills and occupations recognised in what people write.

A framework-free core (no Django import): the platform hands it the taxonomy as plain
data (`concepts.Taxonomy`) and a cache folder; `store.SkillsEngine` answers the two
questions — `engine.skills.extract(text)` and `engine.occupations.rank(text)`. How it
works and how well: docs/skills.md.
"""
