/*
 * lexicon.c - the word lists of the comparison stage, written by us: a
 * gazetteer of countries, capitals and regions with their demonyms, the
 * title and role words that announce a person, the head nouns that make a
 * name an organization, capitalized words that are never names, and the
 * loaded words of framing.
 *
 * All keys are lowercase and normalized as the tokenizer normalizes
 * (tx_token.norm); multi-word keys are joined by one space. The lists are
 * small enough that a linear scan costs less than building an index.
 */
#include "lexicon.h"

static bool in_list(const char *const *list, const char *w, size_t n) {
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, w, n) == 0) return true;
    return false;
}

/* Countries and territories, capitals and large cities, regions. */
static const char *const places[] = {
    "afghanistan", "kabul", "albania", "tirana", "algeria", "algiers", "angola", "luanda",
    "argentina", "buenos aires", "armenia", "yerevan", "australia", "canberra", "sydney",
    "melbourne", "austria", "vienna", "azerbaijan", "baku", "bahrain", "manama",
    "bangladesh", "dhaka", "belarus", "minsk", "belgium", "brussels", "bolivia", "la paz",
    "bosnia", "sarajevo", "brazil", "brasilia", "rio de janeiro", "sao paulo", "bulgaria",
    "sofia", "cambodia", "phnom penh", "cameroon", "canada", "ottawa", "toronto",
    "montreal", "chad", "chile", "santiago", "china", "beijing", "shanghai", "hong kong",
    "colombia", "bogota", "congo", "kinshasa", "costa rica", "croatia", "zagreb", "cuba",
    "havana", "cyprus", "nicosia", "czech republic", "czechia", "prague", "denmark",
    "copenhagen", "ecuador", "quito", "egypt", "cairo", "el salvador", "estonia", "tallinn",
    "ethiopia", "addis ababa", "finland", "helsinki", "france", "paris", "georgia",
    "tbilisi", "germany", "berlin", "munich", "frankfurt", "ghana", "accra", "greece",
    "athens", "guatemala", "haiti", "honduras", "hungary", "budapest", "iceland",
    "reykjavik", "india", "new delhi", "delhi", "mumbai", "indonesia", "jakarta", "iran",
    "tehran", "iraq", "baghdad", "ireland", "dublin", "israel", "jerusalem", "tel aviv",
    "italy", "rome", "milan", "japan", "tokyo", "jordan", "amman", "kazakhstan", "astana",
    "kenya", "nairobi", "kosovo", "kuwait", "kyrgyzstan", "laos", "latvia", "riga",
    "lebanon", "beirut", "libya", "tripoli", "lithuania", "vilnius", "luxembourg",
    "malaysia", "kuala lumpur", "mali", "bamako", "malta", "mexico", "mexico city",
    "moldova", "chisinau", "mongolia", "montenegro", "morocco", "rabat", "mozambique",
    "myanmar", "nepal", "kathmandu", "netherlands", "amsterdam", "the hague",
    "new zealand", "wellington", "nicaragua", "niger", "nigeria", "abuja", "lagos",
    "north korea", "pyongyang", "north macedonia", "skopje", "norway", "oslo", "oman",
    "muscat", "pakistan", "islamabad", "karachi", "palestine", "panama", "paraguay",
    "peru", "lima", "philippines", "manila", "poland", "warsaw", "portugal", "lisbon",
    "qatar", "doha", "romania", "bucharest", "russia", "moscow", "st. petersburg",
    "rwanda", "kigali", "saudi arabia", "riyadh", "senegal", "dakar", "serbia",
    "belgrade", "singapore", "slovakia", "bratislava", "slovenia", "ljubljana", "somalia",
    "mogadishu", "south africa", "pretoria", "johannesburg", "south korea", "seoul",
    "south sudan", "spain", "madrid", "barcelona", "sri lanka", "sudan", "khartoum",
    "sweden", "stockholm", "switzerland", "bern", "geneva", "zurich", "syria", "damascus",
    "aleppo", "taiwan", "taipei", "tajikistan", "tanzania", "thailand", "bangkok",
    "tunisia", "tunis", "turkey", "turkiye", "ankara", "istanbul", "turkmenistan",
    "uganda", "kampala", "ukraine", "kyiv", "kiev", "united arab emirates", "uae",
    "abu dhabi", "dubai", "u.s.", "us", "usa", "u.s.a.", "uk", "u.k.", "united kingdom", "britain", "great britain", "england",
    "scotland", "wales", "london", "united states", "america", "washington", "new york",
    "los angeles", "chicago", "uruguay", "montevideo", "uzbekistan", "tashkent",
    "venezuela", "caracas", "vietnam", "hanoi", "yemen", "sanaa", "zambia", "lusaka",
    "zimbabwe", "harare", "gaza", "gaza strip", "the gaza strip", "west bank", "crimea",
    "donbas", "kashmir", "tibet", "middle east", "europe", "asia", "africa",
    "latin america", "north america", "south america", "the middle east", "arctic",
    "antarctica", "balkans", "caucasus", "scandinavia", "mediterranean", "red sea",
    "black sea", "persian gulf", "the gulf", NULL};

/* Adjectives of nationality and of peoples: cues, not names on their own. */
static const char *const demonyms[] = {
    "afghan", "albanian", "algerian", "american", "argentine", "argentinian", "armenian",
    "australian", "austrian", "azerbaijani", "bahraini", "bangladeshi", "belarusian",
    "belgian", "bolivian", "bosnian", "brazilian", "british", "bulgarian", "cambodian",
    "canadian", "chilean", "chinese", "colombian", "congolese", "croatian", "cuban",
    "cypriot", "czech", "danish", "dutch", "ecuadorian", "egyptian", "english",
    "estonian", "ethiopian", "european", "finnish", "french", "georgian", "german",
    "ghanaian", "greek", "haitian", "hungarian", "indian", "indonesian", "iranian",
    "iraqi", "irish", "israeli", "italian", "japanese", "jordanian", "kazakh", "kenyan",
    "korean", "kurdish", "kuwaiti", "latvian", "lebanese", "libyan", "lithuanian",
    "malaysian", "mexican", "moldovan", "mongolian", "moroccan", "nepali", "nigerian",
    "norwegian", "pakistani", "palestinian", "peruvian", "filipino", "polish",
    "portuguese", "qatari", "romanian", "russian", "rwandan", "saudi", "scottish",
    "serbian", "slovak", "slovenian", "somali", "spanish", "sudanese", "swedish",
    "swiss", "syrian", "taiwanese", "thai", "tunisian", "turkish", "ukrainian", "emirati",
    "uzbek", "venezuelan", "vietnamese", "welsh", "yemeni", "western", "eastern",
    "arab", "asian", "african", "jewish", "muslim", "christian", "sunni", "shia",
    "shiite", "islamic", "catholic", "orthodox", "soviet", "gazan", NULL};

/* Words that head a role or title and so announce a person after them. */
static const char *const role_heads[] = {
    "president", "vice-president", "minister", "premier", "chancellor", "secretary",
    "secretary-general", "spokesman", "spokeswoman", "spokesperson", "envoy",
    "ambassador", "king", "queen", "prince", "princess", "emperor", "pope", "cardinal",
    "bishop", "rabbi", "imam", "sheikh", "general", "gen.", "col.", "colonel", "lt.",
    "lieutenant", "major", "maj.", "captain", "capt.", "sgt.", "sergeant", "admiral",
    "commander", "chief", "head", "leader", "chairman", "chairwoman", "chair",
    "director", "governor", "gov.", "mayor", "senator", "sen.", "rep.",
    "representative", "congressman", "congresswoman", "judge", "justice", "prosecutor",
    "attorney", "lawyer", "dr.", "doctor", "professor", "prof.", "mr.", "mrs.", "ms.",
    "miss", "sir", "lord", "lady", "dame", "ceo", "founder", "executive", "official",
    "officer", "member", "adviser", "advisor", "aide", "diplomat", "negotiator",
    "correspondent", "reporter", "editor", "analyst", "economist", "coach", "manager",
    "captain", "striker", "candidate", "activist", "author", "actor", "actress",
    "singer", "chef", "inspector", "superintendent", "detective", "sheriff",
    "councillor", "councilor", "deputy", "speaker", "mp", "mep", "emir", "crown prince",
    "ayatollah", "patriarch", "metropolitan", NULL};

/* Words that qualify a role head ("Deputy Foreign Minister"). */
static const char *const role_mods[] = {
    "deputy", "vice", "prime", "foreign", "defense", "defence", "interior", "finance",
    "economy", "justice", "health", "education", "energy", "trade", "culture",
    "agriculture", "transport", "environment", "labor", "labour", "home", "state",
    "special", "senior", "junior", "chief", "acting", "former", "ex-", "first",
    "supreme", "grand", "top", "lead", "executive", "general", "assistant", "associate",
    "regional", "national", "district", "county", "city", "federal", "presidential",
    "press", "military", "police", "fire", "army", "navy", "government", "party",
    "opposition", "union", "club", "team", "company", "group", "white", "house", "u.s.",
    "un", "eu", "nato", NULL};

/* Head nouns of organization names ("Foreign Ministry", "Security Council"),
 * and common nouns that label an organization named next to them ("the
 * militant group Hamas", "the Hamas movement"). */
static const char *const org_heads[] = {
    "ministry", "council", "party", "movement", "group", "agency", "authority",
    "organization", "organisation", "union", "bank", "court", "committee", "commission",
    "department", "office", "army", "forces", "force", "police", "service", "services",
    "university", "college", "school", "institute", "association", "company", "corp",
    "corp.", "inc", "inc.", "ltd", "ltd.", "llc", "plc", "co.", "group", "front",
    "brigades", "brigade", "government", "parliament", "assembly", "congress", "senate",
    "federation", "fund", "foundation", "news", "times", "post", "press", "network",
    "television", "radio", "tv", "channel", "journal", "herald", "tribune", "gazette",
    "courier", "wire", "daily", "cabinet", "administration", "guard", "guards", "navy",
    "air force", "church", "league", "club", "alliance", "coalition", "bureau",
    "board", "centre", "center", "hospital", "airlines", "airways", "railways",
    "corporation", "industries", "lines", "shipping", "airline", "telecom", "bank", "holdings", "motors", "bloc", "state", "kremlin",
    "pentagon", "nations", "commission", "secretariat", "delegation", NULL};

/* Common nouns that, after "the", stand for an organization already named
 * ("the militant group" for Hamas): framing reads them as descriptors. */
static const char *const org_nouns[] = {
    "group", "organization", "organisation", "movement", "faction", "militia",
    "party", "regime", "government", "administration", "network", "outfit",
    "alliance", "coalition", "company", "firm", "agency", NULL};

/* Capitalized words that are never names on their own. */
static const char *const not_names[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan.", "feb.", "mar.", "apr.",
    "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "i", "i'm", "i've",
    "i'd", "i'll", "ok", "okay", "yes", "no", "mr", "mrs", "ms", "dr", "updated",
    "update", "breaking", "exclusive", "photo", "video", "read", "watch", "listen",
    "share", "advertisement", "related", "editor's", "note", "today", "yesterday",
    "tomorrow", "earlier", "later", "meanwhile", "however", "also", "but", "and", "or",
    "so", "then", "now", "here", "there", "when", "where", "while", "after", "before",
    "since", "until", "although", "though", "because", "if", "as", "at", "by", "for",
    "from", "in", "into", "of", "on", "to", "with", "without", "about", "against",
    "according", "despite", "during", "under", "over", "between", "among", "amid",
    "following", "last", "next", "this", "that", "these", "those", "his", "her", "their",
    "its", "our", "my", "your", "he", "she", "they", "we", "you", "it", "the", "a", "an",
    "ad", "ads", "am", "pm", "a.m.", "p.m.", "christmas", "easter", "ramadan", NULL};

/* Words of framing: verbs, adjectives and nouns that carry a judgement
 * rather than a fact. */
static const char *const loaded[] = {
    "terrorist", "terrorists", "terrorism", "militant", "militants", "extremist",
    "extremists", "radical", "radicals", "fanatic", "fanatics", "jihadist", "jihadists",
    "insurgent", "insurgents", "rebel", "rebels", "regime", "junta", "dictator",
    "tyrant", "thugs", "thug", "gang", "gangs", "mob", "criminal", "criminals",
    "freedom fighters", "resistance", "occupation", "occupier", "occupiers", "occupied",
    "aggression", "aggressor", "invasion", "invaders", "liberation", "martyr",
    "martyrs", "massacre", "massacred", "slaughter", "slaughtered", "atrocity",
    "atrocities", "genocide", "butchered", "murdered", "murderous", "brutal",
    "brutally", "barbaric", "savage", "vicious", "heinous", "evil", "cowardly",
    "obscene", "shameful", "outrageous", "outrage", "disgraceful", "so-called",
    "alleged", "allegedly", "claimed", "claims", "admitted", "conceded", "insisted",
    "slammed", "blasted", "lashed", "condemned", "condemns", "denounced", "decried",
    "praised", "hailed", "heroic", "hero", "heroes", "courageous", "legitimate",
    "illegitimate", "legitimizes", "legitimises", "illegal", "unprecedented", "deadly",
    "bloody", "notorious", "infamous", "hardline", "hard-line", "controversial",
    "embattled", "beleaguered", "defiant", "provocative", "propaganda", "puppet",
    "crisis", "chaos", "catastrophe", "catastrophic", "threat", "threatens", "menace",
    "unrelenting", "relentless", "escalation", "crackdown", "purge", "scandal",
    "rogue", "sham", "hostile", "militarized", "warmonger", "warmongering", NULL};

bool lx_is_place(const char *w, size_t n) { return in_list(places, w, n); }
bool lx_is_demonym(const char *w, size_t n) { return in_list(demonyms, w, n); }
bool lx_is_role_head(const char *w, size_t n) { return in_list(role_heads, w, n); }
bool lx_is_role_mod(const char *w, size_t n) { return in_list(role_mods, w, n); }
bool lx_is_org_head(const char *w, size_t n) { return in_list(org_heads, w, n); }
bool lx_is_org_noun(const char *w, size_t n) { return in_list(org_nouns, w, n); }
bool lx_is_not_name(const char *w, size_t n) { return in_list(not_names, w, n); }
bool lx_is_loaded(const char *w, size_t n) { return in_list(loaded, w, n); }

static const char *const particles[] = {"al", "al-", "el", "bin", "ibn", "bint", "ben",
                                        "de", "del", "della", "der", "den", "di", "da",
                                        "do", "dos", "das", "du", "la", "le", "van", "von",
                                        "ter", "y", "abu", "abd", "st.", NULL};
bool lx_is_particle(const char *w, size_t n) { return in_list(particles, w, n); }
