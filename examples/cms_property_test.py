"""Property tests a CMS supplier runs against its export, with hypothesis."""

# --8<-- [start:properties]
# --8<-- [end:properties]
