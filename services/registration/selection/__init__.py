"""Balanced, fair and auditable selection: the LEXIMIN rule (Flanigan et al., Nature 2021).

`problem` describes a selection and groups people into types, `panels` is the integer
program of a quota-keeping panel, `leximin` finds the distribution, `diagnosis` explains
infeasible quotas, `draw` commits to a seed and draws, `defaults` proposes quotas,
`order` orders the speakers from the floor, `run` puts it together (service and CLI).
"""
