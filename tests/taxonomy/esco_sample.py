"""A tiny ESCO export in the real layout (zips and CSVs), for importer tests."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

ESCO = "http://data.europa.eu/esco"
OCC_ELECTRICIAN = f"{ESCO}/occupation/e1"
OCC_DOMESTIC = f"{ESCO}/occupation/e2"
OCC_PLUMBER = f"{ESCO}/occupation/p1"
SKILL_WIRING = f"{ESCO}/skill/s1"
SKILL_PIPES = f"{ESCO}/skill/s2"
SKILL_SAFETY = f"{ESCO}/skill/s3"


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _occupation(
    uri: str, isco: str, label: str, alt: str, description: str, code: str
) -> dict[str, str]:
    return {
        "conceptType": "Occupation",
        "conceptUri": uri,
        "iscoGroup": isco,
        "preferredLabel": label,
        "altLabels": alt,
        "hiddenLabels": "",
        "status": "released",
        "description": description,
        "code": code,
    }


def _skill(
    uri: str, kind: str, reuse: str, label: str, alt: str = "", description: str = ""
) -> dict[str, str]:
    return {
        "conceptType": "KnowledgeSkillCompetence",
        "conceptUri": uri,
        "skillType": kind,
        "reuseLevel": reuse,
        "preferredLabel": label,
        "altLabels": alt,
        "description": description,
    }


def write_sample(data_dir: Path, *, plumber_label: str = "plumber", spanish: bool = True) -> Path:
    esco = data_dir / "esco"
    (esco / "v1.1.1" / "fr").mkdir(parents=True, exist_ok=True)
    (esco / "v1.0" / "fr").mkdir(parents=True, exist_ok=True)
    isco = [
        {
            "conceptType": "ISCOGroup",
            "conceptUri": f"{ESCO}/isco/C7",
            "code": "7",
            "preferredLabel": "Craft and related trades workers",
            "altLabels": "",
            "description": "",
        },
        {
            "conceptType": "ISCOGroup",
            "conceptUri": f"{ESCO}/isco/C7411",
            "code": "7411",
            "preferredLabel": "Building and related electricians",
            "altLabels": "",
            "description": "",
        },
        {
            "conceptType": "ISCOGroup",
            "conceptUri": f"{ESCO}/isco/C7126",
            "code": "7126",
            "preferredLabel": "Plumbers and pipe fitters",
            "altLabels": "",
            "description": "",
        },
    ]
    occupations = [
        _occupation(
            OCC_ELECTRICIAN,
            "7411",
            "electrician",
            "electrician\nbuilding electrician",
            "Electricians install wiring.",
            "7411.1",
        ),
        _occupation(
            OCC_DOMESTIC, "7411", "domestic electrician", "house electrician", "", "7411.1.1"
        ),
        _occupation(
            OCC_PLUMBER, "7126", plumber_label, "pipe fitter", "Plumbers fit pipes.", "7126.1"
        ),
    ]
    skills = [
        _skill(
            SKILL_WIRING,
            "skill/competence",
            "sector-specific",
            "install electrical wiring",
            "lay cables\nwire buildings",
            "Install wiring.",
        ),
        _skill(SKILL_PIPES, "skill/competence", "occupation-specific", "install pipes"),
        _skill(SKILL_SAFETY, "knowledge", "transversal", "health and safety rules"),
    ]
    groups = [
        {
            "conceptType": "SkillGroup",
            "conceptUri": f"{ESCO}/skill/g1",
            "preferredLabel": "building",
            "altLabels": "",
            "description": "",
            "code": "S1",
        }
    ]
    with zipfile.ZipFile(esco / "v1.1.1" / "esco-v1.1.1-classification-en-csv.zip", "w") as z:
        z.writestr("ISCOGroups_en.csv", _csv(isco))
        z.writestr("occupations_en.csv", _csv(occupations))
        z.writestr("skills_en.csv", _csv(skills))
        z.writestr("skillGroups_en.csv", _csv(groups))
    broader_occ = [
        {
            "conceptType": "ISCOGroup",
            "conceptUri": f"{ESCO}/isco/C7411",
            "broaderType": "ISCOGroup",
            "broaderUri": f"{ESCO}/isco/C7",
        },
        {
            "conceptType": "Occupation",
            "conceptUri": OCC_ELECTRICIAN,
            "broaderType": "ISCOGroup",
            "broaderUri": f"{ESCO}/isco/C7411",
        },
        {
            "conceptType": "Occupation",
            "conceptUri": OCC_DOMESTIC,
            "broaderType": "Occupation",
            "broaderUri": OCC_ELECTRICIAN,
        },
    ]
    broader_skill = [
        {
            "conceptType": "KnowledgeSkillCompetence",
            "conceptUri": SKILL_WIRING,
            "broaderType": "SkillGroup",
            "broaderUri": f"{ESCO}/skill/g1",
        },
    ]
    occ_skills = [
        {
            "occupationUri": OCC_ELECTRICIAN,
            "relationType": "essential",
            "skillType": "skill/competence",
            "skillUri": SKILL_WIRING,
        },
        {
            "occupationUri": OCC_ELECTRICIAN,
            "relationType": "optional",
            "skillType": "knowledge",
            "skillUri": SKILL_SAFETY,
        },
        {
            "occupationUri": OCC_PLUMBER,
            "relationType": "essential",
            "skillType": "skill/competence",
            "skillUri": SKILL_PIPES,
        },
        # An occupation missing from occupations_en.csv (as in the real 1.1.1 export).
        {
            "occupationUri": f"{ESCO}/occupation/gone",
            "relationType": "essential",
            "skillType": "skill/competence",
            "skillUri": SKILL_PIPES,
        },
    ]
    skill_skill = [
        {
            "originalSkillUri": SKILL_WIRING,
            "originalSkillType": "skill/competence",
            "relationType": "optional",
            "relatedSkillType": "knowledge",
            "relatedSkillUri": SKILL_SAFETY,
        },
    ]
    with zipfile.ZipFile(esco / "v1.1.1" / "esco-v1.1.1-relations-csv.zip", "w") as z:
        z.writestr("broaderRelationsOccPillar.csv", _csv(broader_occ))
        z.writestr("broaderRelationsSkillPillar.csv", _csv(broader_skill))
        z.writestr("occupationSkillRelations.csv", _csv(occ_skills))
        z.writestr("skillSkillRelations.csv", _csv(skill_skill))
    fr_occ = [
        _occupation(
            OCC_ELECTRICIAN,
            "7411",
            "électricien/électricienne",
            "électricien du bâtiment/électricienne du bâtiment",
            "Les électriciens installent.",
            "7411.1",
        ),
        _occupation(OCC_PLUMBER, "7126", "plombier/plombière", "", "", "7126.1"),
    ]
    (esco / "v1.1.1" / "fr" / "occupations_fr.csv").write_text(_csv(fr_occ), encoding="utf-8")
    fr_isco = [dict(isco[1], preferredLabel="Électriciens du bâtiment et assimilés")]
    (esco / "v1.1.1" / "fr" / "ISCOGroups_fr.csv").write_text(_csv(fr_isco), encoding="utf-8")
    fr_groups = [dict(groups[0], preferredLabel="construction")]
    (esco / "v1.1.1" / "fr" / "skillGroups_fr.csv").write_text(_csv(fr_groups), encoding="utf-8")
    fr_skills = [
        _skill(
            SKILL_WIRING, "skill/competence", "sector-specific", "installer du câblage électrique"
        ),
        _skill(
            f"{ESCO}/skill/only-in-1.0",
            "skill/competence",
            "sector-specific",
            "compétence disparue",
        ),
    ]
    (esco / "v1.0" / "fr" / "skills_fr.csv").write_text(_csv(fr_skills), encoding="utf-8")
    if spanish:
        (esco / "v1.0" / "es").mkdir(parents=True, exist_ok=True)
        es_occ = [_occupation(OCC_PLUMBER, "7126", "fontanero/fontanera", "", "", "")]
        (esco / "v1.0" / "es" / "occupations_es.csv").write_text(_csv(es_occ), encoding="utf-8")
    return data_dir
