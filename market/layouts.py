"""The published layouts of the files the market study imports (finance.md §5.4), column names exactly
as INSEE publishes them. An import checks a file's header against its layout before reading a row.

`required` columns must all be there; `optional` ones are read when present (the NAF 2025 code appears
in the Sirene stock from 2026 only). `signature` is a few columns that identify the file, so that a
file of another kind is named in the error ("this looks like a Sirene géolocalisé file").
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    kind: str                      # the dataset it feeds (market.store tables), also the CLI word
    name: str                      # catalogue key of the file's name
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    zip_member: str = ""           # inside a zip: the member whose name ends with this ("" = the only CSV)

    @property
    def signature(self) -> tuple[str, ...]:
        return self.required[:4]


SIRENE = Layout(
    "sirene", "market.file.sirene",
    required=("siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
              "trancheEffectifsEtablissement", "codeCommuneEtablissement", "dateDebut",
              "etatAdministratifEtablissement", "enseigne1Etablissement", "denominationUsuelleEtablissement",
              "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement"),
    optional=("activitePrincipaleNAF25Etablissement",))
GEO = Layout(
    "geo", "market.file.geo",
    required=("siret", "x", "y", "x_longitude", "y_latitude", "epsg", "qualite_xy", "distance_precision",
              "plg_code_commune"))
POPULATION = Layout(
    "population", "market.file.population",
    required=("CODREG", "REG", "CODDEP", "CODARR", "CODCAN", "CODCOM", "COM", "PMUN", "PCAP", "PTOT"),
    zip_member="donnees_communes.csv")
COG_COMMUNES = Layout(
    "cog_communes", "market.file.cog_communes",
    required=("TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR", "LIBELLE"),
    optional=("COMPARENT",))
COG_DEPARTEMENTS = Layout(
    "cog_departements", "market.file.cog_departements",
    required=("DEP", "REG", "CHEFLIEU", "TNCC", "NCC", "NCCENR", "LIBELLE"))
# INSEE "Intercommunalité - Métropole", sheet Composition_communale, saved as CSV.
EPCI = Layout("epci", "market.file.epci", required=("CODGEO", "LIBGEO", "EPCI", "LIBEPCI", "DEP", "REG"))
BPE = Layout(
    "bpe", "market.file.bpe",
    required=("AN", "DEPCOM", "DOM", "SDOM", "TYPEQU", "LONGITUDE", "LATITUDE", "QUALITE_XY"),
    optional=("SIRET", "LAMBERT_X", "LAMBERT_Y", "EPSG", "DCIRIS"))
# §5.4 gives no column names for household spending: this is the Budget de famille table
# "dépense annuelle moyenne par ménage selon le poste" (Insee Résultats 4648339) saved as CSV,
# one row per COICOP poste, amounts in euros per household and year.
# The national address file (BAN, adresse.data.gouv.fr "format CSV": adresses-france.csv or
# adresses-<dep>.csv, `;`, UTF-8). finance.md names the BAN but not its columns: these are the names of the
# file's published schema (BaseAdresseNationale/adresse.data.gouv.fr, public/schemas/adresses-csv.md).
BAN = Layout(
    "ban", "market.file.ban",
    required=("id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon",
              "lat"),
    optional=("nom_ancienne_commune", "type_position"))
SPENDING = Layout("spending", "market.file.spending", required=("COICOP", "LIBELLE", "DEPENSE_MOYENNE"),
                  optional=("ANNEE",))

# The 54 columns of StockEtablissement (format 3.11 with the NAF 2025 code), in the published order: what
# the demo data and the benchmark write.
SIRENE_COLUMNS = (
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement", "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement", "etablissementSiege", "nombrePeriodesEtablissement",
    "complementAdresseEtablissement", "numeroVoieEtablissement", "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement", "indiceRepetitionDernierNumeroVoieEtablissement", "typeVoieEtablissement",
    "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement", "distributionSpecialeEtablissement", "codeCommuneEtablissement",
    "codeCedexEtablissement", "libelleCedexEtablissement", "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement", "identifiantAdresseEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", "complementAdresse2Etablissement", "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement", "typeVoie2Etablissement", "libelleVoie2Etablissement",
    "codePostal2Etablissement", "libelleCommune2Etablissement", "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement", "codeCommune2Etablissement", "codeCedex2Etablissement",
    "libelleCedex2Etablissement", "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement",
    "dateDebut", "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement", "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement", "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement")
GEO_COLUMNS = ("siret", "x", "y", "x_longitude", "y_latitude", "epsg", "qualite_xy", "distance_precision",
               "plg_code_commune", "plg_qp24", "qualite_qp24")
# The columns of the BAN CSV in the published order (cad_parcelles last, as in the files since 2023).
BAN_COLUMNS = ("id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune",
               "code_insee_ancienne_commune", "nom_ancienne_commune", "x", "y", "lon", "lat", "type_position",
               "alias", "nom_ld", "libelle_acheminement", "nom_afnor", "source_position", "source_nom_voie",
               "certification_commune", "cad_parcelles")
HEADCOUNT_BANDS = ("NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53")

LAYOUTS: tuple[Layout, ...] = (SIRENE, GEO, POPULATION, COG_COMMUNES, COG_DEPARTEMENTS, EPCI, BPE, SPENDING, BAN)
# What `python -m market import KIND` accepts: "cog" takes any of the three COG-family files.
IMPORT_KINDS: dict[str, tuple[Layout, ...]] = {
    "sirene": (SIRENE,), "geo": (GEO,), "population": (POPULATION,),
    "cog": (COG_COMMUNES, COG_DEPARTEMENTS, EPCI), "bpe": (BPE,), "spending": (SPENDING,),
    "ban": (BAN,),
}


def identify(columns: list[str]) -> Layout | None:
    """The layout whose signature these columns carry, if any (to name a file given for another)."""
    present = set(columns)
    for layout in LAYOUTS:
        if set(layout.signature) <= present:
            return layout
    return None
