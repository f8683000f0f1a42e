"""The other schools' research: peer repositories harvested over OAI-PMH into the public search,
apart from the school's own records (never counted under criterion 4, never edited here)."""
