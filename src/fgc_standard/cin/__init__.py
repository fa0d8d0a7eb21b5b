"""The CIN census crosswalk: census module items from FGC data, as XML, and back.

- :mod:`.crosswalk`: the crosswalk table, as data (census item, standard
  fields, rule of derivation, direction);
- :mod:`.derive`: the items of a return, one row per child and episode;
- :mod:`.xml_export` and :mod:`.xml_import`: the census XML block, written and read.
"""

from fgc_standard.cin.crosswalk import (
    CROSSWALK,
    MODULE_ELEMENT,
    CensusItem,
    crosswalk_csv,
    crosswalk_item,
    crosswalk_markdown,
    derived_items,
)
from fgc_standard.cin.derive import census_items, census_items_schema, pre_proceedings_episodes
from fgc_standard.cin.xml_export import census_xml_lines, write_census_xml
from fgc_standard.cin.xml_import import parse_census_xml, read_census_xml

__all__ = [
    "CROSSWALK",
    "MODULE_ELEMENT",
    "CensusItem",
    "census_items",
    "census_items_schema",
    "census_xml_lines",
    "crosswalk_csv",
    "crosswalk_item",
    "crosswalk_markdown",
    "derived_items",
    "parse_census_xml",
    "pre_proceedings_episodes",
    "read_census_xml",
    "write_census_xml",
]
