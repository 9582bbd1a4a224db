"""Reading and writing files: case files, basis records, drafts, year data, atomic writes."""
