"""Use cases shared by the commands and the wizard: compute, prepare, plan figures."""
