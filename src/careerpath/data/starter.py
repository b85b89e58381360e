"""The starter ladder ``careerpath init`` writes for a user to edit."""

from __future__ import annotations

STARTER_LADDER = """\
# A careerpath ladder: roles, the skills they need, and the steps between them.
# Edit it, then check it with:   careerpath validate {filename}
# and explore it with:           careerpath --data {filename} roles
# The format is described in docs/data-format.md of the careerpath project.
#
# For completion and checking in your editor (any editor using yaml-language-server, such as
# VS Code with the YAML extension), save the schema next to this file:
#   careerpath schema > careerpath.schema.json
# then delete the first "#" of the next line.
## yaml-language-server: $schema=careerpath.schema.json

name: my-ladder
description: A small example ladder to edit into your own.
# Optional: the release of your data, the credit its licence asks for (every card shows it
# at the bottom) and the licence itself.
# version: "2026.1"
# attribution: Based on the 2026 skills survey of Example Ltd.
# licence: CC BY 4.0

# The scale every skill level is measured on, and what each level means.
skill_scale:
  min: 1
  max: 5
  rubric:
    1: Awareness. Knows what the skill involves.
    2: Basic. Handles routine cases with guidance.
    3: Competent. Works independently in the normal range of the job.
    4: Advanced. Handles hard cases and coaches others.
    5: Expert. Sets direction for the skill across the organisation.
# Optional: how much each skill matters to a role, on a scale of its own. Declare it, then
# give a requirement an importance, e.g. {skill: communication, level: 2.5, importance: 4}.
# Levels may be fractional (2.5) where they were measured rather than judged.
# importance_scale: {min: 1, max: 5}

# The skill catalogue. Roles refer to skills by id (lower case, digits, '-', '_', '.').
skills:
  - id: communication
    name: {en: Communication}
    description: Explaining things clearly to customers and colleagues.
  - id: troubleshooting
    name: {en: Troubleshooting}
    aliases: [problem solving]
    group: technical          # optional: a family of skills
  - id: coaching
    name: {en: Coaching}
  - id: reporting
    name: {en: Reporting and analysis}

# The roles. `level` orders them (1 = entry); `title` may add fi and nb translations, and
# so may summary, responsibilities, kpis, track and a tool's category (a plain string is
# English; `careerpath validate --strict` lists what lacks a translation).
roles:
  - id: support-agent
    title: {en: Support Agent, fi: Asiakastukihenkilö, nb: Kundestøttemedarbeider}
    aliases: [agent]
    level: 1
    track: {en: support, fi: asiakastuki, nb: kundestøtte}
    summary:
      en: Answers customer questions by phone, chat and email.
      fi: Vastaa asiakkaiden kysymyksiin puhelimessa, chatissa ja sähköpostilla.
      nb: Svarer på spørsmål fra kunder på telefon, chat og e-post.
    skills:
      - {skill: communication, level: 2}
      - {skill: troubleshooting, level: 2}
    # tools by category; hot / in_demand mark tools job postings ask for
    tools:
      - {name: Zendesk, category: help desk, hot: true}

  - id: senior-support-agent
    title: {en: Senior Support Agent}
    level: 2
    track: support
    summary: Takes the hardest cases and helps newer agents.
    skills:
      - {skill: communication, level: 3}
      - {skill: troubleshooting, level: 4}
      - {skill: coaching, level: 2}

  - id: support-analyst
    title: {en: Support Analyst}
    level: 2
    track: operations
    summary: Turns ticket data into reports that show where customers struggle.
    skills:
      - {skill: communication, level: 3}
      - {skill: reporting, level: 4}

  - id: support-team-lead
    title: {en: Support Team Lead}
    level: 3
    track: support
    summary: Leads a team of agents and owns its results.
    skills:
      - {skill: communication, level: 4}
      - {skill: coaching, level: 4}
      - {skill: reporting, level: 3}

# The steps. kind: promotion (a step up) or lateral (a move across, to another track).
steps:
  - {from: support-agent, to: senior-support-agent, kind: promotion}
  - {from: senior-support-agent, to: support-team-lead, kind: promotion}
  - {from: senior-support-agent, to: support-analyst, kind: lateral, note: into operations}
"""


def starter_ladder(filename: str = "ladder.yaml") -> str:
    """The text of the starter ladder, its comments naming *filename* (shell-quoted)."""
    import shlex

    # A name with a line break would end the comment and put text into the YAML itself.
    shown = shlex.quote(filename) if filename.isprintable() else "FILE"
    return STARTER_LADDER.replace("{filename}", shown)


def starter_json() -> str:
    """The starter ladder as JSON, for a ``.json`` file: the same data, without the comments
    (JSON has none), so it loads and validates exactly as the YAML one does."""
    import json

    import yaml

    # The rubric's levels become the keys "1".."5", which the data format reads as levels.
    document = yaml.safe_load(STARTER_LADDER)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def starter_for(filename: str) -> str:
    """The starter ladder in the format *filename* names: JSON for ``.json``, else YAML."""
    if filename.lower().endswith(".json"):
        return starter_json()
    return starter_ladder(filename)
