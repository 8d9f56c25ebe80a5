"""The audit trail screen: who did what, to which record, when and why, read from the
three services for members of the auditors' group (issue 18). The services decide what
each auditor may see; this package names the codes and joins the three answers."""
