"""A small ESCO-like taxonomy for skills-recognition tests, as data.

The same spec builds either the core's plain `Taxonomy` (framework-free tests) or database
rows (platform tests, which then run the real `kazi taxonomy embed`). URIs are fixed, so
the embedding cache built by the first test is reused by the next ones.
"""

from __future__ import annotations

import numpy as np

from kazi.skills.concepts import ConceptTable, LabelRow, Relations, Taxonomy

VERSION = "test-1"
SKILL_BASE = "http://data.europa.eu/esco/skill/fixture-"
OCC_BASE = "http://data.europa.eu/esco/occupation/fixture-"

# key: {language: [preferred, alternative, ...]}
SKILLS: dict[str, dict[str, list[str]]] = {
    "repair-phones": {
        "en": ["repair mobile devices", "fix mobile phones", "mobile phone repair"],
        "fr": ["réparer des appareils mobiles", "réparer des téléphones"],
        "es": ["reparar dispositivos móviles"],
    },
    "childcare": {
        "en": ["look after children", "babysitting", "childminding"],
        "fr": ["garder des enfants", "s'occuper des enfants"],
        "es": ["cuidar niños"],
    },
    "cleaning": {
        "en": ["perform cleaning duties", "clean rooms", "housekeeping"],
        "fr": ["effectuer des tâches de nettoyage", "faire le ménage"],
        "es": ["realizar tareas de limpieza"],
    },
    "bricks": {
        "en": ["lay bricks", "bricklaying"],
        "fr": ["poser des briques"],
        "es": ["colocar ladrillos"],
    },
    "construction-equipment": {
        "en": ["operate construction equipment", "use building machinery"],
        "fr": ["utiliser des engins de chantier"],
    },
    "concrete": {
        "en": ["pour concrete", "mix concrete"],
        "fr": ["couler du béton"],
        "es": ["verter hormigón"],
    },
    "spreadsheets": {
        "en": ["use spreadsheets software", "use Excel"],
        "fr": ["utiliser un tableur"],
    },
    "python": {"en": ["Python (computer programming)", "Python"]},
    "html": {"en": ["HTML", "hypertext markup language"]},
    "javascript": {"en": ["JavaScript", "JS"]},
    "customer-service": {
        "en": ["provide customer service", "serve customers"],
        "fr": ["assurer le service à la clientèle"],
        "es": ["prestar servicio al cliente"],
    },
    "cash": {"en": ["handle cash", "manage cash desk"], "fr": ["gérer la caisse"]},
    "cooking": {
        "en": ["prepare meals", "cook food"],
        "fr": ["préparer des repas", "cuisiner"],
        "es": ["preparar comidas"],
    },
    "driving": {"en": ["drive vehicles", "drive a car"], "fr": ["conduire des véhicules"]},
    "crops": {
        "en": ["harvest crops", "pick fruit"],
        "fr": ["récolter des cultures"],
        "es": ["cosechar cultivos"],
    },
    "sewing": {"en": ["sew garments", "sewing"], "fr": ["coudre des vêtements"]},
    "wiring": {
        "en": ["install electrical wiring", "wire buildings"],
        "fr": ["installer du câblage électrique"],
    },
    "elderly": {
        "en": ["care for the elderly", "look after old people"],
        "fr": ["s'occuper des personnes âgées"],
    },
    "teamwork": {"en": ["work in teams", "teamwork"], "fr": ["travailler en équipe"]},
    "first-aid": {"en": ["apply first aid"], "fr": ["administrer les premiers secours"]},
}

# key: ({language: [preferred, alternative, ...]}, essential skills, optional skills)
OCCUPATIONS: dict[str, tuple[dict[str, list[str]], list[str], list[str]]] = {
    "phone-technician": (
        {
            "en": ["mobile phone repair technician", "phone repairer"],
            "fr": ["technicien en réparation de téléphones mobiles"],
        },
        ["repair-phones", "customer-service"],
        ["cash"],
    ),
    "childcare-worker": (
        {"en": ["childcare worker", "nanny"], "fr": ["auxiliaire de puériculture", "nounou"]},
        ["childcare", "cooking"],
        ["cleaning", "first-aid"],
    ),
    "cleaner": (
        {
            "en": ["domestic cleaner", "house cleaner"],
            "fr": ["agent d'entretien", "femme de ménage"],
        },
        ["cleaning"],
        ["cooking"],
    ),
    "bricklayer": (
        {"en": ["bricklayer", "mason"], "fr": ["maçon"], "es": ["albañil"]},
        ["bricks", "concrete"],
        ["construction-equipment"],
    ),
    "construction-worker": (
        {"en": ["construction worker", "building labourer"], "fr": ["ouvrier du bâtiment"]},
        ["concrete", "construction-equipment"],
        ["bricks", "teamwork"],
    ),
    "software-developer": (
        {"en": ["software developer", "programmer"], "fr": ["développeur de logiciels"]},
        ["python", "javascript"],
        ["html", "teamwork"],
    ),
    "cashier": (
        {"en": ["cashier", "checkout operator"], "fr": ["caissier"], "es": ["cajero"]},
        ["cash", "customer-service"],
        [],
    ),
    "farm-worker": (
        {"en": ["farm worker", "agricultural labourer"], "fr": ["ouvrier agricole"]},
        ["crops"],
        ["driving"],
    ),
    "tailor": ({"en": ["tailor", "dressmaker"], "fr": ["tailleur"]}, ["sewing"], []),
    "electrician": (
        {"en": ["building electrician", "electrician"], "fr": ["électricien du bâtiment"]},
        ["wiring"],
        ["first-aid"],
    ),
    "care-worker": (
        {"en": ["home care aide", "carer for the elderly"], "fr": ["aide à domicile"]},
        ["elderly", "cooking"],
        ["cleaning", "first-aid"],
    ),
}


def skill_uri(key: str) -> str:
    return SKILL_BASE + key


def occupation_uri(key: str) -> str:
    return OCC_BASE + key


def _rows(spec: dict[str, list[str]], concept: int) -> list[LabelRow]:
    return [
        LabelRow(concept, text, lang, i == 0)
        for lang, texts in spec.items()
        for i, text in enumerate(texts)
    ]


def fixture_taxonomy() -> Taxonomy:
    """The fixture as the core's plain data (no database)."""
    skill_keys = list(SKILLS)
    occ_keys = list(OCCUPATIONS)
    skills = ConceptTable.build(
        "skills",
        [skill_uri(k) for k in skill_keys],
        ["skill/competence"] * len(skill_keys),
        [row for i, k in enumerate(skill_keys) for row in _rows(SKILLS[k], i)],
    )
    occupations = ConceptTable.build(
        "occupations",
        [occupation_uri(k) for k in occ_keys],
        ["occupation"] * len(occ_keys),
        [row for i, k in enumerate(occ_keys) for row in _rows(OCCUPATIONS[k][0], i)],
    )
    links = [
        (occ_keys.index(o), skill_keys.index(s), essential)
        for o, (_, ess, opt) in OCCUPATIONS.items()
        for s, essential in [*((s, True) for s in ess), *((s, False) for s in opt)]
    ]
    relations = Relations(
        occupation_skill=np.array([(o, s) for o, s, _ in links], dtype=np.int32),
        occupation_skill_essential=np.array([e for _, _, e in links], dtype=bool),
        skill_skill=np.array(
            [(skill_keys.index("html"), skill_keys.index("javascript"))], dtype=np.int32
        ),
    )
    return Taxonomy(VERSION, skills, occupations, relations)


def create_fixture_taxonomy() -> None:
    """The fixture as database rows (ESCO release ``test-1``), like `kazi taxonomy import`."""
    from kazi.taxonomy.models import (
        EscoRelease,
        Label,
        Occupation,
        OccupationSkill,
        Skill,
        SkillRelation,
    )

    EscoRelease.objects.update_or_create(
        version=VERSION, defaults={"source_fingerprint": "fixture", "counts": {}}
    )
    skills = {}
    for key, spec in SKILLS.items():
        skill = Skill.objects.create(
            uri=skill_uri(key),
            skill_type="skill/competence",
            labels={lang: texts[0] for lang, texts in spec.items()},
        )
        skills[key] = skill
        for lang, texts in spec.items():
            for i, text in enumerate(texts):
                Label.objects.create(
                    kind="skill", concept_id=skill.pk, language=lang, text=text, preferred=i == 0
                )
    for key, (spec, essential, optional) in OCCUPATIONS.items():
        occupation = Occupation.objects.create(
            uri=occupation_uri(key), labels={lang: texts[0] for lang, texts in spec.items()}
        )
        for lang, texts in spec.items():
            for i, text in enumerate(texts):
                Label.objects.create(
                    kind="occupation",
                    concept_id=occupation.pk,
                    language=lang,
                    text=text,
                    preferred=i == 0,
                )
        for skill_key in essential:
            OccupationSkill.objects.create(
                occupation=occupation, skill=skills[skill_key], essential=True
            )
        for skill_key in optional:
            OccupationSkill.objects.create(
                occupation=occupation, skill=skills[skill_key], essential=False
            )
    SkillRelation.objects.create(
        skill=skills["html"], related=skills["javascript"], essential=False
    )
