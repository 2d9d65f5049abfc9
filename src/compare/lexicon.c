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

/* Every list is sorted in byte order (lx_lists_sorted checks it), so a
 * lookup is a binary search: the lists are scanned for every token of
 * every article compared, and a linear scan was a fifth of a run. */
static int key_cmp(const char *e, const char *w, size_t n) {
    size_t i = 0;
    while (i < n && e[i] && e[i] == w[i]) i++;
    if (i == n) return e[i] ? 1 : 0;
    return (unsigned char)e[i] < (unsigned char)w[i] ? -1 : 1;
}

static size_t list_len(const char *const *list) {
    size_t n = 0;
    while (list[n]) n++;
    return n;
}

static bool find(const char *const *list, size_t len, const char *w, size_t n) {
    size_t lo = 0, hi = len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(list[mid], w, n);
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

#define in_list(list, w, n) find((list), PX_ARRAY_LEN(list) - 1, (w), (n))

/* Countries and territories, capitals and large cities, regions. */
static const char *const places[] = {
    "abu dhabi", "abuja", "accra", "addis ababa", "afghanistan", "africa", "albania",
    "aleppo", "algeria", "algiers", "america", "amman", "amsterdam", "angola", "ankara",
    "antarctica", "arctic", "argentina", "armenia", "asia", "astana", "athens", "australia",
    "austria", "azerbaijan", "baghdad", "bahrain", "baku", "balkans", "bamako", "bangkok",
    "bangladesh", "barcelona", "beijing", "beirut", "belarus", "belgium", "belgrade",
    "berlin", "bern", "black sea", "bogota", "bolivia", "bosnia", "brasilia", "bratislava",
    "brazil", "britain", "brussels", "bucharest", "budapest", "buenos aires", "bulgaria",
    "cairo", "cambodia", "cameroon", "canada", "canberra", "caracas", "caucasus", "chad",
    "chicago", "chile", "china", "chisinau", "colombia", "congo", "copenhagen", "costa rica",
    "crimea", "croatia", "cuba", "cyprus", "czech republic", "czechia", "dakar", "damascus",
    "delhi", "denmark", "dhaka", "doha", "donbas", "dubai", "dublin", "ecuador", "egypt",
    "el salvador", "england", "estonia", "ethiopia", "europe", "finland", "france",
    "frankfurt", "gaza", "gaza strip", "geneva", "georgia", "germany", "ghana",
    "great britain", "greece", "guatemala", "haiti", "hanoi", "harare", "havana", "helsinki",
    "honduras", "hong kong", "hungary", "iceland", "india", "indonesia", "iran", "iraq",
    "ireland", "islamabad", "israel", "istanbul", "italy", "jakarta", "japan", "jerusalem",
    "johannesburg", "jordan", "kabul", "kampala", "karachi", "kashmir", "kathmandu",
    "kazakhstan", "kenya", "khartoum", "kiev", "kigali", "kinshasa", "kosovo", "kuala lumpur",
    "kuwait", "kyiv", "kyrgyzstan", "la paz", "lagos", "laos", "latin america", "latvia",
    "lebanon", "libya", "lima", "lisbon", "lithuania", "ljubljana", "london", "los angeles",
    "luanda", "lusaka", "luxembourg", "madrid", "malaysia", "mali", "malta", "manama",
    "manila", "mediterranean", "melbourne", "mexico", "mexico city", "middle east", "milan",
    "minsk", "mogadishu", "moldova", "mongolia", "montenegro", "montevideo", "montreal",
    "morocco", "moscow", "mozambique", "mumbai", "munich", "muscat", "myanmar", "nairobi",
    "nepal", "netherlands", "new delhi", "new york", "new zealand", "nicaragua", "nicosia",
    "niger", "nigeria", "north america", "north korea", "north macedonia", "norway", "oman",
    "oslo", "ottawa", "pakistan", "palestine", "panama", "paraguay", "paris", "persian gulf",
    "peru", "philippines", "phnom penh", "poland", "portugal", "prague", "pretoria",
    "pyongyang", "qatar", "quito", "rabat", "red sea", "reykjavik", "riga", "rio de janeiro",
    "riyadh", "romania", "rome", "russia", "rwanda", "sanaa", "santiago", "sao paulo",
    "sarajevo", "saudi arabia", "scandinavia", "scotland", "senegal", "seoul", "serbia",
    "shanghai", "singapore", "skopje", "slovakia", "slovenia", "sofia", "somalia",
    "south africa", "south america", "south korea", "south sudan", "spain", "sri lanka",
    "st. petersburg", "stockholm", "sudan", "sweden", "switzerland", "sydney", "syria",
    "taipei", "taiwan", "tajikistan", "tallinn", "tanzania", "tashkent", "tbilisi", "tehran",
    "tel aviv", "thailand", "the gaza strip", "the gulf", "the hague", "the middle east",
    "tibet", "tirana", "tokyo", "toronto", "tripoli", "tunis", "tunisia", "turkey", "turkiye",
    "turkmenistan", "u.k.", "u.s.", "u.s.a.", "uae", "uganda", "uk", "ukraine",
    "united arab emirates", "united kingdom", "united states", "uruguay", "us", "usa",
    "uzbekistan", "venezuela", "vienna", "vietnam", "vilnius", "wales", "warsaw",
    "washington", "wellington", "west bank", "yemen", "yerevan", "zagreb", "zambia",
    "zimbabwe", "zurich", NULL};

/* Adjectives of nationality and of peoples: cues, not names on their own. */
static const char *const demonyms[] = {
    "afghan", "african", "albanian", "algerian", "american", "arab", "argentine",
    "argentinian", "armenian", "asian", "australian", "austrian", "azerbaijani", "bahraini",
    "bangladeshi", "belarusian", "belgian", "bolivian", "bosnian", "brazilian", "british",
    "bulgarian", "cambodian", "canadian", "catholic", "chilean", "chinese", "christian",
    "colombian", "congolese", "croatian", "cuban", "cypriot", "czech", "danish", "dutch",
    "eastern", "ecuadorian", "egyptian", "emirati", "english", "estonian", "ethiopian",
    "european", "filipino", "finnish", "french", "gazan", "georgian", "german", "ghanaian",
    "greek", "haitian", "hungarian", "indian", "indonesian", "iranian", "iraqi", "irish",
    "islamic", "israeli", "italian", "japanese", "jewish", "jordanian", "kazakh", "kenyan",
    "korean", "kurdish", "kuwaiti", "latvian", "lebanese", "libyan", "lithuanian",
    "malaysian", "mexican", "moldovan", "mongolian", "moroccan", "muslim", "nepali",
    "nigerian", "norwegian", "orthodox", "pakistani", "palestinian", "peruvian", "polish",
    "portuguese", "qatari", "romanian", "russian", "rwandan", "saudi", "scottish", "serbian",
    "shia", "shiite", "slovak", "slovenian", "somali", "soviet", "spanish", "sudanese",
    "sunni", "swedish", "swiss", "syrian", "taiwanese", "thai", "tunisian", "turkish",
    "ukrainian", "uzbek", "venezuelan", "vietnamese", "welsh", "western", "yemeni", NULL};

/* Words that head a role or title and so announce a person after them. */
static const char *const role_heads[] = {
    "activist", "actor", "actress", "admiral", "adviser", "advisor", "aide", "ambassador",
    "analyst", "attorney", "author", "ayatollah", "bishop", "candidate", "capt.", "captain",
    "cardinal", "ceo", "chair", "chairman", "chairwoman", "chancellor", "chef", "chief",
    "chieftain", "coach", "col.", "colonel", "commander", "commissioner", "congressman",
    "congresswoman", "correspondent", "councillor", "councilor", "counterpart",
    "crown prince", "dame", "deputy", "detective", "diplomat", "director", "doctor", "dr.",
    "economist", "editor", "emir", "emperor", "envoy", "executive", "founder", "gen.",
    "general", "gov.", "governor", "head", "imam", "inspector", "judge", "justice", "king",
    "lady", "lawyer", "leader", "lieutenant", "lord", "lt.", "magistrate", "maj.", "major",
    "manager", "mayor", "member", "mep", "metropolitan", "minister", "miss", "monarch", "mp",
    "mr.", "mrs.", "ms.", "negotiator", "officer", "official", "patriarch", "pope", "premier",
    "president", "prince", "princess", "prof.", "professor", "prosecutor", "queen", "rabbi",
    "rep.", "reporter", "representative", "ruler", "secretary", "secretary-general", "sen.",
    "senator", "sergeant", "sgt.", "sheikh", "sheriff", "singer", "sir", "speaker",
    "spokesman", "spokesperson", "spokeswoman", "striker", "superintendent", "vice-president",
    "warlord", NULL};

/* Words that qualify a role head ("Deputy Foreign Minister"). */
static const char *const role_mods[] = {
    "acting", "agriculture", "army", "assistant", "associate", "chief", "city", "club",
    "company", "county", "culture", "defence", "defense", "deputy", "district", "economy",
    "education", "energy", "environment", "eu", "ex-", "executive", "federal", "finance",
    "fire", "first", "foreign", "former", "general", "government", "grand", "group", "health",
    "home", "house", "interior", "junior", "justice", "labor", "labour", "lead", "military",
    "national", "nato", "navy", "opposition", "party", "police", "presidential", "press",
    "prime", "regional", "senior", "special", "state", "supreme", "team", "top", "trade",
    "transport", "u.s.", "un", "union", "vice", "white", NULL};

/* Head nouns of organization names ("Foreign Ministry", "Security Council"),
 * and common nouns that label an organization named next to them ("the
 * militant group Hamas", "the Hamas movement"). */
static const char *const org_heads[] = {
    "administration", "agency", "air force", "airline", "airlines", "airways", "alliance",
    "army", "assembly", "association", "authority", "bank", "bloc", "board", "brigade",
    "brigades", "bureau", "cabinet", "center", "centre", "channel", "church", "club", "co.",
    "coalition", "college", "commission", "committee", "company", "congress", "corp", "corp.",
    "corporation", "council", "courier", "court", "daily", "delegation", "department",
    "federation", "force", "forces", "foundation", "front", "fund", "gazette", "government",
    "group", "guard", "guards", "herald", "holdings", "hospital", "inc", "inc.", "industries",
    "institute", "journal", "kremlin", "league", "lines", "llc", "ltd", "ltd.", "ministry",
    "motors", "movement", "nations", "navy", "network", "news", "office", "organisation",
    "organization", "parliament", "party", "pentagon", "plc", "police", "post", "press",
    "radio", "railways", "school", "secretariat", "senate", "service", "services", "shipping",
    "state", "telecom", "television", "times", "tribune", "tv", "union", "university", "wire", NULL};

/* Common nouns that, after "the", stand for an organization already named
 * ("the militant group" for Hamas): framing reads them as descriptors. */
static const char *const org_nouns[] = {
    "administration", "agency", "alliance", "coalition", "company", "faction", "firm",
    "government", "group", "militia", "movement", "network", "organisation", "organization",
    "outfit", "party", "regime", NULL};

/* Capitalized words that are never names on their own. */
static const char *const not_names[] = {
    "a", "a.m.", "about", "according", "ad", "ads", "advertisement", "after", "against",
    "all", "also", "although", "am", "amid", "among", "an", "and", "apr.", "april", "as",
    "at", "aug.", "august", "because", "before", "between", "billion", "both", "breaking",
    "but", "by", "christmas", "dec.", "december", "despite", "dozen", "dozens", "dr",
    "during", "each", "earlier", "easter", "editor's", "eight", "eighteen", "eighty",
    "eleven", "every", "exclusive", "feb.", "february", "few", "fifteen", "fifty", "five",
    "following", "for", "forty", "four", "fourteen", "friday", "from", "he", "her", "here",
    "his", "however", "hundred", "hundreds", "i", "i'd", "i'll", "i'm", "i've", "if", "in",
    "into", "it", "its", "jan.", "january", "jul.", "july", "jun.", "june", "last", "later",
    "listen", "many", "mar.", "march", "may", "meanwhile", "million", "millions", "monday",
    "most", "mr", "mrs", "ms", "my", "next", "nine", "nineteen", "ninety", "no", "note",
    "nov.", "november", "now", "oct.", "october", "of", "ok", "okay", "on", "one", "or",
    "our", "over", "p.m.", "photo", "pm", "ramadan", "read", "related", "saturday", "sep.",
    "sept.", "september", "seven", "seventeen", "seventy", "several", "share", "she", "since",
    "six", "sixteen", "sixty", "so", "some", "sunday", "ten", "that", "the", "their", "then",
    "there", "these", "they", "thirteen", "thirty", "this", "those", "though", "thousand",
    "thousands", "three", "thursday", "to", "today", "tomorrow", "tuesday", "twelve",
    "twenty", "two", "under", "until", "update", "updated", "video", "watch", "we",
    "wednesday", "when", "where", "while", "with", "without", "yes", "yesterday", "you",
    "your", NULL};

/* Words of framing: verbs, adjectives and nouns that carry a judgement
 * rather than a fact. */
static const char *const loaded[] = {
    "admitted", "aggression", "aggressor", "alleged", "allegedly", "atrocities", "atrocity",
    "barbaric", "beleaguered", "blasted", "bloody", "brutal", "brutally", "butchered",
    "catastrophe", "catastrophic", "chaos", "claimed", "claims", "conceded", "condemned",
    "condemns", "controversial", "courageous", "cowardly", "crackdown", "criminal",
    "criminals", "crisis", "deadly", "decried", "defiant", "denounced", "dictator",
    "disgraceful", "embattled", "escalation", "evil", "extremist", "extremists", "fanatic",
    "fanatics", "freedom fighters", "gang", "gangs", "genocide", "hailed", "hard-line",
    "hardline", "heinous", "hero", "heroes", "heroic", "hostile", "illegal", "illegitimate",
    "infamous", "insisted", "insurgent", "insurgents", "invaders", "invasion", "jihadist",
    "jihadists", "junta", "lashed", "legitimate", "legitimises", "legitimizes", "liberation",
    "martyr", "martyrs", "massacre", "massacred", "menace", "militant", "militants",
    "militarized", "mob", "murdered", "murderous", "notorious", "obscene", "occupation",
    "occupied", "occupier", "occupiers", "outrage", "outrageous", "praised", "propaganda",
    "provocative", "puppet", "purge", "radical", "radicals", "rebel", "rebels", "regime",
    "relentless", "resistance", "rogue", "savage", "scandal", "sham", "shameful", "slammed",
    "slaughter", "slaughtered", "so-called", "terrorism", "terrorist", "terrorists", "threat",
    "threatens", "thug", "thugs", "tyrant", "unprecedented", "unrelenting", "vicious",
    "warmonger", "warmongering", NULL};

/* Common nouns of vehicles and storms, which take names that look like a
 * person's ("the ferry Saltmarsh Star", "Hurricane Ida"). */
static const char *const things[] = {
    "aircraft", "airliner", "barge", "boat", "carrier", "cyclone", "destroyer", "drone",
    "ferry", "freighter", "frigate", "helicopter", "hurricane", "jet", "liner", "missile",
    "plane", "rocket", "satellite", "ship", "spacecraft", "storm", "submarine", "tanker",
    "trawler", "typhoon", "vessel", "yacht", NULL};

bool lx_is_place(const char *w, size_t n) { return in_list(places, w, n); }
bool lx_is_thing(const char *w, size_t n) { return in_list(things, w, n); }
bool lx_is_demonym(const char *w, size_t n) { return in_list(demonyms, w, n); }

/* Places whose adjective does not start with all but the last letter of
 * their name (the rule that gives russia/russian, china/chinese). */
static const char *const odd_demonyms[][2] = {
    {"britain", "british"}, {"denmark", "danish"},   {"finland", "finnish"},
    {"france", "french"},   {"greece", "greek"},     {"lebanon", "lebanese"},
    {"netherlands", "dutch"}, {"norway", "norwegian"}, {"poland", "polish"},
    {"spain", "spanish"},   {"sweden", "swedish"},   {"turkey", "turkish"},
    {"uk", "british"},      {"u.k.", "british"},     {"us", "american"},
    {"u.s.", "american"},   {"united states", "american"}, {"united kingdom", "british"}};

const char *lx_demonym_of(const char *w, size_t n) {
    for (size_t i = 0; i < PX_ARRAY_LEN(odd_demonyms); i++)
        if (strlen(odd_demonyms[i][0]) == n && memcmp(odd_demonyms[i][0], w, n) == 0)
            return odd_demonyms[i][1];
    if (n < 4 || !lx_is_place(w, n)) return NULL;
    for (const char *const *d = demonyms; *d; d++)
        if (strncmp(*d, w, n - 1) == 0 && strlen(*d) > n - 1) return *d;
    return NULL;
}
bool lx_is_role_head(const char *w, size_t n) { return in_list(role_heads, w, n); }
bool lx_is_role_mod(const char *w, size_t n) { return in_list(role_mods, w, n); }
bool lx_is_org_head(const char *w, size_t n) { return in_list(org_heads, w, n); }
bool lx_is_org_noun(const char *w, size_t n) { return in_list(org_nouns, w, n); }
bool lx_is_not_name(const char *w, size_t n) { return in_list(not_names, w, n); }
bool lx_is_loaded(const char *w, size_t n) { return in_list(loaded, w, n); }

static const char *const particles[] = {
    "abd", "abu", "al", "al-", "ben", "bin", "bint", "da", "das", "de", "del", "della", "den",
    "der", "di", "do", "dos", "du", "el", "ibn", "la", "le", "st.", "ter", "van", "von", "y", NULL};
bool lx_is_particle(const char *w, size_t n) { return in_list(particles, w, n); }

static bool sorted(const char *const *list) {
    for (size_t i = 1; list[i]; i++)
        if (key_cmp(list[i - 1], list[i], strlen(list[i])) >= 0) return false;
    return true;
}

bool lx_lists_sorted(void) {
    const char *const *const all[] = {places,  demonyms,  role_heads, role_mods, org_heads,
                                      org_nouns, not_names, loaded,     particles, things};
    for (size_t i = 0; i < PX_ARRAY_LEN(all); i++)
        if (!sorted(all[i]) || list_len(all[i]) == 0) return false;
    return true;
}
