#!/usr/bin/env python3
"""Generates the benchmark's catalogue and URL lists.

usage: generate.py N OUT_FOLDER [SEED]

Writes into OUT_FOLDER:
  catalogue.jsonl   N resources in the import format of docs/import.md (JSON Lines, with status)
  urls-*.txt        request paths for each wrk scenario (hundreds of distinct paths each)

The content is French and made from the field's vocabulary, so that searches behave as on the real
catalogue: common words match thousands of resources, rare words a handful. Deterministic for a seed.
"""
import json
import os
import random
import sys
import unicodedata
from urllib.parse import quote

KINDS = ["conference-en-ligne", "fiche", "etude", "video", "diaporama", "compte-rendu"]

THEMES = [
    "Achats responsables", "Alimentation durable", "Commande publique", "Économie circulaire",
    "Emploi et insertion", "Finances solidaires", "Tiers-lieux", "Mobilité solidaire",
    "Habitat participatif", "Transition écologique", "Coopération territoriale", "SCIC et coopératives",
    "Politiques ESS des collectivités", "Développement économique local", "Égalité femmes-hommes",
    "Jeunesse et engagement", "Culture et ESS", "Numérique solidaire", "Santé et action sociale",
    "Énergie citoyenne", "Tourisme social", "Agriculture et circuits courts", "Réemploi et recyclage",
    "Innovation sociale", "Évaluation et impact",
]

SERIES = ["Kit MunicipalESS", "Les Rencontres du RTES", "Points de repère", "Webinaires ESS & territoires",
          "Guides pratiques", "Portraits d'élu·e·s", "Les cahiers de la coopération", "Repères juridiques"]

FIRST = ["Anne", "Marc", "Élise", "Karim", "Sophie", "Julien", "Nadia", "Pierre", "Claire", "Thomas", "Fatou",
         "Hélène", "Mathieu", "Inès", "Bruno", "Camille", "Yannick", "Agnès", "Olivier", "Léa", "Rachid",
         "Chantal", "Nicolas", "Maëlle", "Gérard"]
LAST = ["Martin", "Bernard", "Dupré", "Lefèvre", "Moreau", "Girard", "Benali", "Rousseau", "Fontaine", "Mercier",
        "Garnier", "Chevalier", "Perrin", "Morel", "Lambert", "Faure", "Roux", "Blanc", "Guérin", "Boyer"]
ROLES = ["vice-présidente déléguée à l'ESS", "adjoint au maire", "chargée de mission ESS", "directeur du développement économique",
         "conseillère municipale", "déléguée générale", "chercheur", "présidente", "coordinateur"]
ORGS = ["Ville de Lyon", "Métropole de Lille", "Région Bretagne", "RTES", "Département de la Gironde", "Ville de Grenoble",
        "Eurométropole de Strasbourg", "Avise", "ESS France", "Nantes Métropole", "Communauté de communes du Pays de Redon"]

SUBJECTS = ["l'ESS", "les SCIC", "la commande publique", "l'économie circulaire", "les élu·e·s", "les collectivités",
            "les tiers-lieux", "l'insertion par l'activité économique", "la coopération", "les achats socialement responsables",
            "les pôles territoriaux de coopération économique", "les coopératives d'activité et d'emploi",
            "la clause sociale", "le réemploi", "les monnaies locales", "l'alimentation durable",
            "les entreprises adaptées", "la finance solidaire", "les associations employeuses", "le dialogue territorial"]
VERBS = ["accompagne", "renforce", "structure", "finance", "soutient", "évalue", "mobilise", "interroge", "transforme",
         "rend visible", "outille", "met en réseau"]
OBJECTS = ["le développement local", "les politiques publiques", "les marchés publics", "l'emploi durable",
           "les projets de territoire", "les dynamiques citoyennes", "la transition écologique", "les filières locales",
           "les partenariats public-privé", "l'ancrage territorial", "les communs", "la gouvernance partagée"]
PLACES = ["à Lille", "en Bretagne", "dans la métropole lyonnaise", "en milieu rural", "dans les quartiers prioritaires",
          "en Occitanie", "à Grenoble", "dans le Grand Est", "en Île-de-France", "dans les territoires ultramarins"]
TITLE_HEADS = ["Comment", "Pourquoi", "Guide :", "Retour d'expérience :", "Webinaire :", "Étude :", "Fiche :", "Panorama :",
               "Mode d'emploi :", "Regards croisés :"]
# Words found in very few resources: "rare word" searches must find a handful among N.
RARE = ["zéphyrologie", "mutualisme-lagunaire", "ostréiculture", "bryophytes", "quinconce", "palimpseste",
        "sérendipité", "hydrolienne", "escarpolette", "thaumaturge", "cormoran", "galvanoplastie",
        "ubiquité", "marqueterie", "scaphandre", "xylophage", "acrostiche", "nénuphar", "orfèvrerie", "pétrichor"]


def fold(text):
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def slugify(text):
    out, dash = [], False
    for c in fold(text):
        if c.isalnum() and c.isascii():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:100].strip("-")


def sentence(rng):
    return (f"{rng.choice(['Ici, ', 'Dans ce cadre, ', 'Concrètement, ', 'Pour les collectivités, ', ''])}"
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}.")


def body(rng, size):
    parts = []
    while sum(len(p) for p in parts) < size:
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        roll = rng.random()
        if roll < 0.15:
            parts.append(f"## {rng.choice(THEMES)}")
        elif roll < 0.25:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(3)))
        elif roll < 0.3:
            parts.append(f"Voir aussi **{rng.choice(SUBJECTS)}** et *{rng.choice(OBJECTS)}*.")
        parts.append(para)
    if rng.random() < 0.02:  # rare words: a few per thousand resources
        parts.append(f"Note : {rng.choice(RARE)} et {rng.choice(RARE)}.")
    return "\n\n".join(parts)


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    os.makedirs(out, exist_ok=True)
    speakers = []
    for i in range(len(FIRST) * len(LAST)):
        speakers.append(f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}")
    speakers = list(dict.fromkeys(speakers))[:300]

    slugs, seen, years = [], set(), {}
    series_numbers = {}
    with open(os.path.join(out, "catalogue.jsonl"), "w", encoding="utf-8") as f:
        for i in range(1, n + 1):
            kind = KINDS[i % len(KINDS)]
            title = f"{rng.choice(TITLE_HEADS)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
            slug = slugify(title)
            if slug in seen:
                slug = f"{slug[:90]}-{i}"
            seen.add(slug)
            year = rng.randint(2015, 2026)
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            private = rng.random() < 0.125
            row = {
                "external_id": f"bench-{i}",
                "slug": slug,
                "title": title,
                "kind": kind,
                "categories": rng.sample(THEMES, rng.randint(1, 3)),
                "private": private,
                "summary": " ".join(sentence(rng) for _ in range(2)),
                "body": body(rng, rng.randint(2000, 5000)),
                "published_on": f"{year}-{month:02d}-{day:02d}",
                "speakers": [f"{s}, {rng.choice(ROLES)}, {rng.choice(ORGS)}" for s in rng.sample(speakers, rng.randint(0, 3))],
                "status": "publiée" if rng.random() < 0.97 else "brouillon",
            }
            if kind in ("conference-en-ligne", "video"):
                row["event_date"] = row["published_on"]
                row["links"] = [f"video: Enregistrement https://vimeo.com/{70000000 + i}"]
            if rng.random() < 0.2:
                series = rng.choice(SERIES)
                series_numbers[series] = series_numbers.get(series, 0) % 999 + 1
                row["series"] = series
                row["series_number"] = str(series_numbers[series])
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            if row["status"] == "publiée":
                slugs.append(slug)
                years[year] = years.get(year, 0) + 1

    def write(name, paths):
        with open(os.path.join(out, f"urls-{name}.txt"), "w", encoding="utf-8") as u:
            u.write("\n".join(paths) + "\n")

    theme_slugs = [slugify(t) for t in THEMES]
    write("static", ["/css/site.css", "/favicon.svg", "/js/video.js"])
    write("home", ["/"])
    write("catalogue", ["/ressources"])
    write("resources", [f"/ressources/{s}" for s in rng.sample(slugs, min(500, len(slugs)))])

    def filters():
        parts = []
        if rng.random() < 0.5:
            parts.append(f"type={rng.choice(KINDS)}")
        if rng.random() < 0.5:
            parts.append(f"thematique={rng.choice(theme_slugs)}")
        if rng.random() < 0.4:
            parts.append(f"annee={rng.randint(2015, 2026)}")
        if rng.random() < 0.3:
            parts.append(f"acces={rng.choice(['public', 'adherents'])}")
        if rng.random() < 0.3:
            parts.append(f"page={rng.randint(2, 8)}")
        return parts

    filtered = set()
    while len(filtered) < 400:
        parts = filters() or [f"type={rng.choice(KINDS)}"]
        filtered.add("/ressources?" + "&".join(parts))
    write("filtered", sorted(filtered))

    words = ["economie", "cooperation", "insertion", "collectivites", "tiers-lieux", "scic", "commande publique",
             "circulaire", "elus", "reemploi", "alimentation", "finance", "monnaies", "gouvernance", "quartiers"]
    searches = set()
    while len(searches) < 400:
        roll = rng.random()
        if roll < 0.3:
            q = rng.choice(words)
        elif roll < 0.55:
            q = f"{rng.choice(words)} {rng.choice(words)}"
        elif roll < 0.75:
            q = f"\"{rng.choice(SUBJECTS).split(' ', 1)[-1]} {rng.choice(VERBS)}\""
        else:
            q = fold(rng.choice(RARE)) if rng.random() < 0.5 else rng.choice(RARE)
        parts = [f"q={quote(q)}"] + (filters() if rng.random() < 0.4 else [])
        searches.add("/ressources?" + "&".join(parts))
    searches = sorted(searches)
    write("searches", searches)
    write("member-catalogue", sorted(filtered)[:200] + ["/ressources?acces=adherents", "/ressources"])
    write("member-searches", searches[:300])
    print(f"{n} resources, {len(slugs)} published, {len(speakers)} speakers, {len(THEMES)} thématiques -> {out}")


if __name__ == "__main__":
    main()
