"""Play the part of a coordinator filling in the spreadsheet template.

``python examples/fill_template.py TEMPLATE.xlsx FILLED.xlsx [--with-mistake]``
copies the records of the bundled example return into the template's sheets.
"""
