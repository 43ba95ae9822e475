"""selfassess: static self-assessment portals from YAML questionnaires."""
