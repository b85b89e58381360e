"""The Standard Occupational Classification (SOC 2018) that O*NET's codes extend."""

from __future__ import annotations

MAJOR_GROUPS = {
    "11": "management",
    "13": "business and financial operations",
    "15": "computer and mathematical",
    "17": "architecture and engineering",
    "19": "life, physical, and social science",
    "21": "community and social service",
    "23": "legal",
    "25": "educational instruction and library",
    "27": "arts, design, entertainment, sports, and media",
    "29": "healthcare practitioners and technical",
    "31": "healthcare support",
    "33": "protective service",
    "35": "food preparation and serving related",
    "37": "building and grounds cleaning and maintenance",
    "39": "personal care and service",
    "41": "sales and related",
    "43": "office and administrative support",
    "45": "farming, fishing, and forestry",
    "47": "construction and extraction",
    "49": "installation, maintenance, and repair",
    "51": "production",
    "53": "transportation and material moving",
    "55": "military specific",
}
"""SOC 2018 major groups, by the first two digits of an O*NET-SOC code: a role's track."""
