"""Submissions: stakeholders' written inputs, moderated by the task team, published as received."""
