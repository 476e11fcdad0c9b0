/* extractors_fixture.c — the extractors fuzz target's fixtures (extractors_fixture.h):
 * the rules' Lua patterns as exact C stand-ins, a rule set shaped like
 * lua/glean/extract/entity_rules.lua, the gazetteers and word sets, and the dates and
 * acronyms models with the Lua's own lists. Built lazily, once per tokenizer setting. */
#include "fuzz_common.h"
#include "extractors_fixture.h"

/* ---- the Lua patterns of the rules, in C ---------------------------------------------- */

/* Lua's classes in the C locale: ASCII only. */

static int p_cap(const unsigned char *s, size_t n) { return n >= 2 && up(s[0]) && low(s[1]); }
static int p_initial(const unsigned char *s, size_t n) { return n == 2 && up(s[0]) && s[1] == '.'; }
static int p_upper_first(const unsigned char *s, size_t n) { return n >= 1 && up(s[0]); }

static int p_acronym(const unsigned char *s, size_t n) /* ^%u[%u%d&]+$ */
{
    if (n < 2 || !up(s[0]))
        return 0;
    for (size_t k = 1; k < n; k++)
        if (!up(s[k]) && !dig(s[k]) && s[k] != '&')
            return 0;
    return 1;
}

static int p_year_old(const unsigned char *s, size_t n) /* ^1[89]%d%d$ */
{
    return n == 4 && s[0] == '1' && (s[1] == '8' || s[1] == '9') && dig(s[2]) && dig(s[3]);
}

static int p_year_new(const unsigned char *s, size_t n) /* ^20%d%d$ */
{
    return n == 4 && s[0] == '2' && s[1] == '0' && dig(s[2]) && dig(s[3]);
}

static int p_decade(const unsigned char *s, size_t n) /* ^[12]%d%d0s$ */
{
    return n == 5 && (s[0] == '1' || s[0] == '2') && dig(s[1]) && dig(s[2]) && s[3] == '0' &&
           s[4] == 's';
}

static int p_mid_decade(const unsigned char *s, size_t n) /* ^mid%-[12]%d%d0s$ */
{
    return n == 9 && memcmp(s, "mid-", 4) == 0 && p_decade(s + 4, 5);
}

static int p_iso(const unsigned char *s, size_t n) /* ^%d%d%d%d%-%d%d%-%d%d$ */
{
    static const char SHAPE[] = "dddd-dd-dd";
    if (n != 10)
        return 0;
    for (size_t k = 0; k < 10; k++)
        if (SHAPE[k] == 'd' ? !dig(s[k]) : s[k] != '-')
            return 0;
    return 1;
}

static const struct {
    const char *src;
    pred_fn fn;
} PREDS[] = {
    { "^%u%l", p_cap }, { "^%u%.$", p_initial }, { "^%u", p_upper_first },
    { "^%u[%u%d&]+$", p_acronym }, { "^1[89]%d%d$", p_year_old }, { "^20%d%d$", p_year_new },
    { "^[12]%d%d0s$", p_decade }, { "^mid%-[12]%d%d0s$", p_mid_decade },
    { "^%d%d%d%d%-%d%d%-%d%d$", p_iso },
};
#define NPREDS (sizeof PREDS / sizeof *PREDS)

/* ---- the rules (entity_rules.lua, shorter word sets) ---------------------------------- */

#define TITLE "{mr. mr mrs ms dr prof sir lord queen president chancellor minister secretary " \
              "governor general coach}"
#define SUFFIX "{'Co.' 'Corp' 'Inc.' 'Inc' 'Ltd' 'plc' 'AG' 'GmbH' 'Holdings' 'Group' 'Company'}"
#define HEAD "{'Agency' 'Ministry' 'Department' 'Council' 'Office' 'Bank' 'Union' 'Party' " \
             "'University' 'United' 'City' 'Club' 'FC' 'Motors' 'News'}"
#define CLUB "{'Real' 'Bayern' 'Inter' 'AC' 'FC' 'Sporting' 'Union'}"
#define PARTICLE "{'van' 'von' 'de' 'der' 'al' 'bin'}"
#define ROLE "{'spokesman' 'striker' 'coach' 'minister' 'actor' 'chief'}"
#define CAP "(<title> | /^%u%l/)"
#define NAME "(" CAP " (('-' | /^%u%.$/ | " PARTICLE ")* " CAP ")*)"
#define WEEKDAY "{monday tuesday wednesday thursday friday saturday sunday}"
#define MONTH "{january february march april may june july august september october " \
              "november december jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.}"
#define SAY "{said says told added say tells}"
#define MONTH_WRITTEN "{'January' 'February' 'March' 'April' 'June' 'July' 'August' " \
                      "'September' 'October' 'November' 'December'}"
#define YEAR "(/^1[89]%d%d$/ | /^20%d%d$/)"
#define UNITS "{day days week weeks month months year years decade decades season seasons}"
#define TEAM "(@CITY|REGION|ORG | <title>{1,3})"

static const struct {
    const char *name, *src;
    glean_rec_rule judge; /* label, name (filled in), priority, ent, ent2, teams,
                             head_last, title, written_priority */
} RULES[] = {
    { "person_title", TITLE " ent:(" NAME ")", { "PERSON", NULL, 3, 0, -1, 0, 0, 1, 12 } },
    { "person_first", "ent:(@FIRST ('-' " CAP ")? " NAME ")", { "PERSON", NULL, 2, 0, -1, 0, 0, 0, 0 } },
    { "person_role", ROLE " ent:(" CAP " " NAME ")", { "PERSON", NULL, 1, 0, -1, 0, 0, 1, 0 } },
    { "person_said", "ent:(" CAP " " CAP "?) " SAY " !<title>", { "PERSON", NULL, 0, 0, -1, 0, 0, 0, 0 } },
    { "person_age", "ent:(" CAP " " NAME ") ',' <num> ','", { "PERSON", NULL, 1, 0, -1, 0, 0, 0, 0 } },
    { "org_suffix", "ent:((" CAP " | @*) (" CAP " | @* | '&' | /^%u/)* " SUFFIX ")",
      { "ORG", NULL, 3, 0, -1, 0, 1, 0, 0 } },
    { "org_head", "ent:((" CAP " | @GPE|NORP|LOC|CITY|COUNTRY|REGION) (" CAP " | '&' | @*)* " HEAD
                  " (of the? (" CAP " | @*)+)?)", { "ORG", NULL, 2, 0, -1, 0, 1, 0, 0 } },
    { "org_of", "ent:({'Ministry' 'Department' 'Bank' 'University' 'Council' 'Union' 'Party'} "
                "of the? (" CAP " | @*)+)", { "ORG", NULL, 2, 0, -1, 0, 0, 0, 0 } },
    { "gpe_republic", "ent:(@NORP 'Republic')", { "COUNTRY", NULL, 3, 0, -1, 0, 0, 0, 0 } },
    { "org_club", "ent:(" CLUB " (" CAP " | @CITY|REGION|COUNTRY))", { "ORG", NULL, 2, 0, -1, 0, 0, 0, 0 } },
    { "org_paper", "{daily newspaper paper agency network} ent:(" CAP "+)",
      { "ORG", NULL, 1, 0, -1, 0, 0, 0, 0 } },
    { "org_acronym", "{agency office ministry company group bank party union} '(' "
                     "ent:/^%u[%u%d&]+$/ ')'", { "ORG", NULL, 2, 0, -1, 0, 0, 0, 0 } },
    { "club_score", "ent:(@CITY|REGION|LOC) <num> (<num> | $ | $$ | '-' | '(')",
      { "ORG", NULL, 20, 0, -1, 0, 0, 0, 0 } },
    { "club_beat", "{beat beats drew against v vs vs.} ent:(@CITY|REGION)",
      { "ORG", NULL, 20, 0, -1, 0, 0, 0, 0 } },
    { "fixture_line", "^^ ent:(@CITY|REGION|LOC|ORG | <title>{1,3}) {v vs vs.} "
                      "ent2:(@CITY|REGION|LOC|ORG | <title>{1,3}) $$",
      { "ORG", NULL, 20, 0, 1, 1, 0, 0, 0 } },
    { "fixture_at", "^^ ent:(@CITY|REGION|LOC|ORG | <title>{1,3}) at "
                    "(@CITY|REGION|LOC | <title>{1,3}) $$", { "ORG", NULL, 20, 0, -1, 1, 0, 0, 0 } },
    { "score_line", "ent:" TEAM " <num> ent2:" TEAM " <num> ($ | $$ | '(' | '.')",
      { "ORG", NULL, 20, 0, 1, 1, 0, 0, 0 } },
    { "standings_row", "^^ ent:(@CITY|REGION|ORG | <title>{1,3} | <upper>{1,3}) <num>{3,} $$",
      { "ORG", NULL, 20, 0, -1, 1, 0, 0, 0 } },
    { "date_day", "ent:({last next this}? " WEEKDAY " (',' " MONTH " <num>)?)",
      { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_month_day", "ent:(" MONTH " <num> (',' <num>)?)", { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_day_month", "ent:(<num> ('-' <num>)? " MONTH " <num>?)", { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_month", "ent:(" MONTH_WRITTEN " " YEAR "?)", { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_year", "ent:" YEAR, { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_decade", "ent:({early late}? /^[12]%d%d0s$/ | /^mid%-[12]%d%d0s$/)",
      { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_relative", "ent:({last next this} {week month year weekend season summer})",
      { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_period", "ent:(the? {past last next coming previous recent first} <num>? " UNITS ")",
      { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_duration", "ent:(({almost nearly about around} | up to | more than | less than)? "
                       "<num> " UNITS " {ago old}?)", { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_age", "ent:(<num> '-' {year month week day} '-' old)", { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "date_iso", "ent:/^%d%d%d%d%-%d%d%-%d%d$/", { "DATE", NULL, 11, 0, -1, 0, 0, 0, 0 } },
    { "run", NAME, { "RUN", NULL, -1, -1, -1, 0, 0, 0, 0 } },
    { "upper_run", "<upper>+", { "UPPER", NULL, -1, -1, -1, 0, 0, 0, 0 } },
};
#define NRULES (sizeof RULES / sizeof *RULES)

/* ---- the gazetteers ---------------------------------------------------------------- */

/* phrase, label, list id, exact: places that are first names and words too, names of
   more than one word, an exact short form, a NORP before `Republic` */
static const struct {
    const char *phrase, *label, *id;
    int exact;
} KNOWN[] = {
    { "Germany", "COUNTRY", "countries", 0 }, { "France", "COUNTRY", "countries", 0 },
    { "China", "COUNTRY", "countries", 0 }, { "United States", "COUNTRY", "countries", 0 },
    { "Jordan", "COUNTRY", "countries", 0 }, { "Georgia", "COUNTRY", "countries", 0 },
    { "US", "COUNTRY", "countries", 1 }, { "UK", "COUNTRY", "countries", 1 },
    { "England", "COUNTRY", "countries", 0 }, { "Chad", "COUNTRY", "countries", 0 },
    { "German", "NORP", "norp", 0 }, { "Kyrgyz", "NORP", "norp", 0 },
    { "British", "NORP", "norp", 0 }, { "Czech", "NORP", "norp", 0 },
    { "Brussels", "CITY", "geonames", 0 }, { "London", "CITY", "geonames", 0 },
    { "Paris", "CITY", "geonames", 0 }, { "Wigan", "CITY", "geonames", 0 },
    { "Workington", "CITY", "geonames", 0 }, { "Reading", "CITY", "geonames", 0 },
    { "Victoria", "CITY", "geonames", 0 }, { "Washington", "CITY", "geonames", 0 },
    { "San Jose", "CITY", "geonames", 0 }, { "Federal", "CITY", "geonames", 0 },
    { "Hague", "CITY", "geonames", 0 }, { "Leicester", "CITY", "places", 0 },
    { "New York", "CITY", "places", 0 }, { "Kent", "REGION", "geonames", 0 },
    { "Texas", "REGION", "geonames", 0 }, { "Bavaria", "REGION", "geonames", 0 },
    { "NY", "REGION", "places", 1 }, { "Europe", "LOC", "places", 0 },
    { "Middle East", "LOC", "places", 0 }, { "United Nations", "ORG", "orgs", 0 },
    { "Reuters", "ORG", "orgs", 0 }, { "BBC", "ORG", "orgs", 1 }, { "Arsenal", "ORG", "orgs", 0 },
};

static const char *const FIRST_NAMES[] = {
    "Angela", "Will", "Jordan", "May", "John", "Jean", "Pierre", "Hans", "Christian",
    "Georgia", "Victoria", "Mark", "Grace", "Jane", "Etienne", "Chad", "Reading",
};

/* ---- the recognizer's word sets (lists/words.lua, people.lua, orgs.lua, shortened) ---- */

static const struct {
    int set;
    const char *words;
} REC_WORDS[] = {
    { GLEAN_REC_WEAK_FIRST, "Will May Mark Grace Chad" },
    { GLEAN_REC_LEADING, "I A The This It He She They We On In But However Tuesday Monday" },
    { GLEAN_REC_NOT_ALONE, "Federal National North South New Central" },
    { GLEAN_REC_COMMON_ACRONYM, "CEO GDP TV US UK Q1" },
    { GLEAN_REC_NOT_PERSON_LAST, "Award Act Prix Cup Inquiry Bill" },
    { GLEAN_REC_CONNECTOR, "of for and the &" },
    { GLEAN_REC_SAINT, "St St. Saint San Santa" },
    { GLEAN_REC_TITLE, "mr. mr mrs ms dr prof sir lord queen president chancellor minister "
                       "secretary governor general coach" },
    { GLEAN_REC_HEAD, "Agency Ministry Department Council Office Bank Union Party University "
                      "United City Club FC Motors News" },
    { GLEAN_REC_WRITTEN_TITLE, "Mr. Mr Mrs Ms Dr Prof Sir Lord Queen President Chancellor "
                               "Minister Secretary Governor General Coach" },
};

/* ---- the dates model (dates.lua's lists) --------------------------------------------- */

static const struct {
    int set;
    const char *words;
} DATE_WORDS[] = {
    { GLEAN_DATES_MONTH, "January February March April May June July August September October "
                         "November December Jan Jan. Feb Feb. Mar Mar. Apr Apr. Jun Jun. Jul Jul. "
                         "Aug Aug. Sep Sep. Sept Sept. Oct Oct. Nov Nov. Dec Dec." },
    { GLEAN_DATES_WEEKDAY, "monday tuesday wednesday thursday friday saturday sunday" },
    { GLEAN_DATES_PREP, "on in at by since until till from during before after of for to "
                        "through throughout over between" },
    { GLEAN_DATES_MONTH_MOD, "last next this early late mid end" },
    { GLEAN_DATES_REL, "last next this" },
    { GLEAN_DATES_PART, "morning afternoon evening night" },
    { GLEAN_DATES_DEICTIC, "yesterday today tomorrow tonight" },
    { GLEAN_DATES_REL_MOD, "earlier later early late" },
    { GLEAN_DATES_REL_UNIT, "week month year weekend morning afternoon evening night" },
    { GLEAN_DATES_AGO_COUNT, "a an one several few" },
    { GLEAN_DATES_AGO_UNIT, "day days week weeks month months year years" },
    { GLEAN_DATES_YEAR_PREP, "in since until by from during before after of its their for" },
    { GLEAN_DATES_FUTURE, "will shall 'll wo would going due set expected scheduled plans plan "
                          "planned intends aims hopes to-be upcoming next" },
    { GLEAN_DATES_PAST, "said told was were had did met made went came took gave saw got held "
                        "left began won lost spoke wrote rose fell announced reported added "
                        "warned agreed decided signed released published confirmed revealed "
                        "claimed died killed launched opened closed ended started earlier ago "
                        "last yesterday" },
};

static const char *const WEEKDAY_KEYS[] = { "monday", "tuesday", "wednesday", "thursday",
                                            "friday", "saturday", "sunday" };
static const char *const MONTH_KEYS[] = { "january", "february", "march", "april", "may", "june",
                                          "july", "august", "september", "october", "november",
                                          "december" };
static const struct {
    const char *key;
    int v;
} MONTH_SHORT[] = { { "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "jun", 6 },
                    { "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 }, { "oct", 10 },
                    { "nov", 11 }, { "dec", 12 } };
static const char *const NUMBER_KEYS[] = { "one", "two", "three", "four", "five", "six", "seven",
                                           "eight", "nine", "ten", "eleven", "twelve" };

/* The reference days: see extractors_fixture.h. */
const char *const GLEAN_FUZZ_REFS[8] = { "2019-02-05", "2019-01-10", "2019-12-28",
                                         "2019-02-09", "2020-02-29", "1970-01-01",
                                         "0000-01-01", "9999-12-31" };

/* ---- the acronyms model (acronyms.lua's lists) --------------------------------------- */

static const char ACR_HEADS[] =
    "agency office ministry department commission authority bureau institute council committee "
    "association federation union organisation organization regulator watchdog court bank "
    "party group company firm network service services board body foundation fund trust "
    "society centre center alliance forum league corporation administration programme program "
    "system index survey unit force police army";
static const char ACR_GLUE[] = "and of the for & in on de -";
static const char *const ACR_NUMBERS[] = { "one", "two", "three", "four", "five", "six",
                                           "seven", "eight", "nine" };

/* ---- the fixture ---------------------------------------------------------------------- */


/* One per (English, split hyphens): built on the first input that asks for it, kept for
 * the process (libFuzzer style; never freed, as the process ends with it). */
static fixture *FIXTURES[4];

/* Calls fn(ud, word, len) for each space-separated word of list. */
static void each_word(const char *list, void (*fn)(void *, const char *, size_t), void *ud)
{
    while (*list) {
        size_t n = strcspn(list, " ");
        if (n)
            fn(ud, list, n);
        list += n + (list[n] == ' ');
    }
}

typedef struct word_ctx {
    fixture *f;
    int set;
} word_ctx;

static void add_rec_word(void *ud, const char *w, size_t n)
{
    word_ctx *c = ud;
    glean_error err;
    FUZZ_CHECK(glean_recognizer_add_word(c->f->rec, c->set, w, n, &err) == GLEAN_OK, "%s", err.message);
}

static void add_date_word(void *ud, const char *w, size_t n)
{
    word_ctx *c = ud;
    glean_error err;
    FUZZ_CHECK(glean_dates_add_word(c->f->dates, c->set, w, n, &err) == GLEAN_OK, "%.*s: %s",
               (int)n, w, err.message);
}

static void add_acr_word(void *ud, const char *w, size_t n)
{
    word_ctx *c = ud;
    glean_error err;
    FUZZ_CHECK(glean_acronyms_add_word(c->f->acr, c->set, w, n, &err) == GLEAN_OK, "%s", err.message);
}

static void add_number(fixture *f, int map, const char *key, int v)
{
    glean_error err;
    FUZZ_CHECK(glean_dates_add_number(f->dates, map, key, strlen(key), v, &err) == GLEAN_OK, "%s",
               err.message);
}

int fixture_call_pred(void *ud, uint32_t pred, const char *text, size_t len, glean_error *err)
{
    const fixture *f = ud;
    (void)err;
    FUZZ_CHECK(pred < sizeof f->preds / sizeof *f->preds && f->preds[pred], "predicate %u", pred);
    return f->preds[pred]((const unsigned char *)text, len);
}

static void build_gazetteers(fixture *f)
{
    glean_error err;
    glean_gaz_builder *b;
    int added;
    FUZZ_CHECK(glean_gaz_builder_new(&b, &f->tk, GLEAN_GAZ_KEY_NORM, &err) == GLEAN_OK, "%s", err.message);
    for (size_t k = 0; k < sizeof KNOWN / sizeof *KNOWN; k++) {
        const char *p = KNOWN[k].phrase, *l = KNOWN[k].label, *id = KNOWN[k].id;
        FUZZ_CHECK(glean_gaz_builder_add(b, p, strlen(p), l, strlen(l), id, strlen(id), "fuzz", 4,
                                         KNOWN[k].exact, &added, &err) == GLEAN_OK, "%s", err.message);
    }
    FUZZ_CHECK(glean_gaz_compile(b, &f->known, &err) == GLEAN_OK, "%s", err.message);
    glean_gaz_builder_free(b);
    FUZZ_CHECK(glean_gaz_builder_new(&b, &f->tk, GLEAN_GAZ_KEY_NORM, &err) == GLEAN_OK, "%s", err.message);
    for (size_t k = 0; k < sizeof FIRST_NAMES / sizeof *FIRST_NAMES; k++)
        FUZZ_CHECK(glean_gaz_builder_add(b, FIRST_NAMES[k], strlen(FIRST_NAMES[k]), "FIRST", 5, NULL,
                                         0, "fuzz", 4, 0, &added, &err) == GLEAN_OK, "%s", err.message);
    FUZZ_CHECK(glean_gaz_compile(b, &f->first, &err) == GLEAN_OK, "%s", err.message);
    glean_gaz_builder_free(b);
    glean_gaz_cursor_init(&f->known_cur);
    glean_gaz_cursor_init(&f->first_cur);
}

static void build_rules(fixture *f)
{
    glean_error err;
    glean_rec_rule judge[NRULES];
    FUZZ_CHECK(glean_rules_new(&f->rules, &f->tk, &err) == GLEAN_OK, "%s", err.message);
    for (size_t k = 0; k < NRULES; k++) {
        FUZZ_CHECK(glean_rules_add_string(f->rules, RULES[k].name, RULES[k].src,
                                          strlen(RULES[k].src), &err) == GLEAN_OK, "%s", err.message);
        /* the capture numbers the judge is told must be the rule's */
        size_t ncaps = glean_rules_captures(f->rules, k);
        FUZZ_CHECK((RULES[k].judge.ent < 0 || (size_t)RULES[k].judge.ent < ncaps) &&
                   (RULES[k].judge.ent2 < 0 || (size_t)RULES[k].judge.ent2 < ncaps),
                   "rule %s has %zu captures", RULES[k].name, ncaps);
        judge[k] = RULES[k].judge;
        judge[k].name = RULES[k].name;
    }
    size_t n = glean_rules_extern_count(f->rules);
    FUZZ_CHECK(n <= sizeof f->preds / sizeof *f->preds, "%zu Lua patterns", n);
    for (uint32_t k = 0; k < n; k++) {
        size_t len;
        const char *src = glean_rules_extern_source(f->rules, k, &len);
        for (size_t p = 0; p < NPREDS && !f->preds[k]; p++)
            if (strlen(PREDS[p].src) == len && memcmp(PREDS[p].src, src, len) == 0)
                f->preds[k] = PREDS[p].fn;
        FUZZ_CHECK(f->preds[k], "no stand-in for the Lua pattern /%.*s/", (int)len, src);
    }
    FUZZ_CHECK(glean_rules_scratch_new(&f->rs) == GLEAN_OK, "rules scratch");
    FUZZ_CHECK(glean_recognizer_new(&f->rec, &err) == GLEAN_OK, "%s", err.message);
    FUZZ_CHECK(glean_recognizer_set_rules(f->rec, judge, NRULES, &err) == GLEAN_OK, "%s", err.message);
    FUZZ_CHECK(glean_recognizer_scratch_new(&f->s) == GLEAN_OK, "recognizer scratch");
    for (size_t k = 0; k < sizeof REC_WORDS / sizeof *REC_WORDS; k++) {
        word_ctx c = { f, REC_WORDS[k].set };
        each_word(REC_WORDS[k].words, add_rec_word, &c);
    }
}

static void build_dates(fixture *f)
{
    glean_error err;
    FUZZ_CHECK(glean_dates_new(&f->dates, &err) == GLEAN_OK, "%s", err.message);
    FUZZ_CHECK(glean_dates_scratch_new(&f->ds) == GLEAN_OK, "dates scratch");
    for (size_t k = 0; k < sizeof DATE_WORDS / sizeof *DATE_WORDS; k++) {
        word_ctx c = { f, DATE_WORDS[k].set };
        each_word(DATE_WORDS[k].words, add_date_word, &c);
    }
    for (int k = 0; k < 7; k++)
        add_number(f, GLEAN_DATES_WEEKDAYS, WEEKDAY_KEYS[k], k);
    for (int k = 0; k < 12; k++)
        add_number(f, GLEAN_DATES_MONTHS, MONTH_KEYS[k], k + 1);
    for (size_t k = 0; k < sizeof MONTH_SHORT / sizeof *MONTH_SHORT; k++)
        add_number(f, GLEAN_DATES_MONTHS, MONTH_SHORT[k].key, MONTH_SHORT[k].v);
    add_number(f, GLEAN_DATES_NUMBERS, "a", 1);
    add_number(f, GLEAN_DATES_NUMBERS, "an", 1);
    for (int k = 0; k < 12; k++)
        add_number(f, GLEAN_DATES_NUMBERS, NUMBER_KEYS[k], k + 1);
}

static void build_acronyms(fixture *f)
{
    glean_error err;
    FUZZ_CHECK(glean_acronyms_new(&f->acr, &err) == GLEAN_OK, "%s", err.message);
    FUZZ_CHECK(glean_acronyms_scratch_new(&f->as) == GLEAN_OK, "acronyms scratch");
    word_ctx heads = { f, GLEAN_ACR_HEAD }, glue = { f, GLEAN_ACR_GLUE };
    each_word(ACR_HEADS, add_acr_word, &heads);
    each_word(ACR_GLUE, add_acr_word, &glue);
    for (int k = 0; k < 9; k++)
        FUZZ_CHECK(glean_acronyms_set_number_word(f->acr, (char)('1' + k), ACR_NUMBERS[k],
                                                  strlen(ACR_NUMBERS[k]), &err) == GLEAN_OK,
                   "%s", err.message);
}

fixture *fixture_for(unsigned opts)
{
    unsigned k = opts & 3;
    if (FIXTURES[k])
        return FIXTURES[k];
    fixture *f = calloc(1, sizeof *f);
    FUZZ_CHECK(f != NULL, "out of memory");
    /* replacement on: the option bit decides before the parse whether invalid text is
       skipped, so one tokenizer serves both */
    glean_tokenizer_options o = { (int)(k & 1), (int)((k >> 1) & 1), 1 };
    glean_error err;
    FUZZ_CHECK(glean_tokenizer_init(&f->tk, &o, &err) == GLEAN_OK, "init: %s", err.message);
    build_gazetteers(f);
    build_rules(f);
    build_dates(f);
    build_acronyms(f);
    FIXTURES[k] = f;
    return f;
}

