"""Seed data for the taxonomy (loaded by a data migration; editors adjust it afterwards).

Regions are the UN regional commissions that run the GCM regional reviews. Sub-regions
follow each commission's own grouping; a country may sit in two commissions (for example
Egypt in ECA and ESCWA). Country names come from CLDR in every language, so only ISO 3166
codes are stored.
"""

REGIONS = {
    "ECA": (
        "Africa",
        {
            "Northern Africa": "DZ EG LY MA SD TN",
            "Eastern Africa": "BI KM DJ ER ET KE MG MW MU MZ RW SC SO SS TZ UG ZM ZW",
            "Central Africa": "AO CM CF TD CG CD GQ GA ST",
            "Southern Africa": "BW SZ LS NA ZA",
            "West Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG",
        },
    ),
    "ECE": (
        "Europe and North America",
        {
            "Northern Europe": "DK EE FI IS IE LV LT NO SE GB",
            "Western Europe": "AT BE FR DE LI LU MC NL CH",
            "Southern Europe": "AL AD BA HR GR IT MT ME MK PT SM RS SI ES",
            "Eastern Europe": "BY BG CZ HU MD PL RO RU SK UA",
            "North America": "CA US",
            "Central and Western Asia": "KZ KG TJ TM UZ AM AZ GE IL TR CY",
        },
    ),
    "ECLAC": (
        "Latin America and the Caribbean",
        {
            "Caribbean": "AG BS BB CU DM DO GD HT JM KN LC VC TT",
            "Central America and Mexico": "BZ CR SV GT HN MX NI PA",
            "South America": "AR BO BR CL CO EC GY PY PE SR UY VE",
        },
    ),
    "ESCAP": (
        "Asia and the Pacific",
        {
            "East and North-East Asia": "CN JP KP KR MN",
            "South-East Asia": "BN KH ID LA MY MM PH SG TH TL VN",
            "South and South-West Asia": "AF BD BT IN IR MV NP PK LK",
            "North and Central Asia": "AM AZ GE KZ KG RU TJ TM UZ",
            "Pacific": "AU FJ KI MH FM NR NZ PW PG WS SB TO TV VU",
        },
    ),
    "ESCWA": (
        "Arab region",
        {
            "Mashreq": "EG IQ JO LB PS SY",
            "Gulf Cooperation Council": "BH KW OM QA SA AE",
            "Maghreb": "DZ LY MA MR TN",
            "Arab least developed countries": "KM DJ SO SD YE",
        },
    ),
}

STAKEHOLDER_CATEGORIES = [
    ("migrants", "Migrants"),
    ("migrant-diaspora-organisations", "Migrant and diaspora organisations"),
    ("faith-based-organisations", "Faith-based organisations"),
    ("local-authorities-communities", "Local authorities and communities"),
    ("private-sector", "Private sector"),
    ("employers-organisations", "Employers' organisations"),
    ("workers-organisations", "Workers' organisations and trade unions"),
    ("parliamentarians", "Parliamentarians"),
    ("nhri", "National human rights institutions"),
    ("red-cross-red-crescent", "Red Cross and Red Crescent"),
    ("academia", "Academia"),
    ("media", "Media"),
    ("other", "Other"),
]

GCM_OBJECTIVES = [
    "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
    "Minimize the adverse drivers and structural factors that compel people to leave their "
    "country of origin",
    "Provide accurate and timely information at all stages of migration",
    "Ensure that all migrants have proof of legal identity and adequate documentation",
    "Enhance availability and flexibility of pathways for regular migration",
    "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
    "Address and reduce vulnerabilities in migration",
    "Save lives and establish coordinated international efforts on missing migrants",
    "Strengthen the transnational response to smuggling of migrants",
    "Prevent, combat and eradicate trafficking in persons in the context of international "
    "migration",
    "Manage borders in an integrated, secure and coordinated manner",
    "Strengthen certainty and predictability in migration procedures for appropriate screening, "
    "assessment and referral",
    "Use migration detention only as a measure of last resort and work towards alternatives",
    "Enhance consular protection, assistance and cooperation throughout the migration cycle",
    "Provide access to basic services for migrants",
    "Empower migrants and societies to realize full inclusion and social cohesion",
    "Eliminate all forms of discrimination and promote evidence-based public discourse to "
    "shape perceptions of migration",
    "Invest in skills development and facilitate mutual recognition of skills, qualifications "
    "and competences",
    "Create conditions for migrants and diasporas to fully contribute to sustainable "
    "development in all countries",
    "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion "
    "of migrants",
    "Cooperate in facilitating safe and dignified return and readmission, as well as "
    "sustainable reintegration",
    "Establish mechanisms for the portability of social security entitlements and earned benefits",
    "Strengthen international cooperation and global partnerships for safe, orderly and "
    "regular migration",
]
