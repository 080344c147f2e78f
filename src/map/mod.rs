//! A self-contained offline web map of claims over time. (Being built: see the web-map issue.)
