/* glean_tokenize_rules.c — the English tables: abbreviations, special cases, hyphen
 * prefixes that form lexicalised words, and top-level domains for bare URLs. */
#include "glean_tokenize.h"

#include <stdlib.h>
#include <string.h>

/* Titles and similar: followed by a name, never the end of a sentence. */
static const char *const title_abbrevs[] = {
    "Adm.", "Capt.", "Cmdr.", "Col.", "Det.", "Dr.", "Fr.", "Gen.", "Gov.", "Hon.", "Insp.",
    "Lt.", "Maj.", "Messrs.", "Mmes.", "Mr.", "Mrs.", "Ms.", "Mt.", "No.", "Nos.", "Pres.",
    "Prof.", "Rep.", "Rev.", "Sen.", "Sgt.", "St.", "Supt.", "Ft.", "vs.", "v.", "Vol.",
    "vol.", "pp.", "Fig.", "fig.", "Gov.", "Lt.", "Sr.", "Jr.", "cf.", "e.g.", "i.e.",
    "approx.", "ca.", "viz.",
};

/* Other abbreviations: they can end a sentence when a sentence clearly starts next. */
static const char *const other_abbrevs[] = {
    "Co.", "Corp.", "Inc.", "Ltd.", "Bros.", "Plc.", "Cos.", "Jan.", "Feb.", "Mar.", "Apr.",
    "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Mon.", "Tue.", "Tues.",
    "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Ave.", "Blvd.", "Rd.", "Calif.", "Ariz.",
    "Colo.", "Conn.", "Fla.", "Ga.", "Kan.", "Ky.", "Md.", "Mich.", "Minn.", "Mont.", "Neb.",
    "Nev.", "Okla.", "Tenn.", "Tex.", "Va.", "Vt.", "Wis.", "Wyo.", "Ala.", "Ark.", "Del.",
    "Penn.", "Pa.", "etc.", "al.", "est.", "dept.", "Dept.", "Univ.", "Assn.", "Ph.D.",
    "Ltd.", "min.", "max.", "Nr.", "Op.", "Esq.", "Gov't.", "govt.", "Ste.", "Bldg.",
    "LTD.", "INC.", "CORP.", "PVT.", "Pvt.", "ext.", "Ext.", "pop.", "Ont.", "Sat.", "Drs.",
    "PS.", "Sq.", "Mfg.", "Intl.", "Natl.", "Assoc.", "Dist.", "Gov.", "approx.",
};

/* Special cases: the chunk on the left tokenizes as the pieces on the right. */
static const char *const special_cases[][4] = {
    {"cannot", "can", "not", NULL}, {"Cannot", "Can", "not", NULL},
    {"gonna", "gon", "na", NULL}, {"Gonna", "Gon", "na", NULL},
    {"gotta", "got", "ta", NULL}, {"Gotta", "Got", "ta", NULL},
    {"wanna", "wan", "na", NULL}, {"Wanna", "Wan", "na", NULL},
    {"'s", "'s", NULL, NULL}, {"\xE2\x80\x99s", "\xE2\x80\x99s", NULL, NULL},
    {"n't", "n't", NULL, NULL}, {"n\xE2\x80\x99t", "n\xE2\x80\x99t", NULL, NULL},
    {"'re", "'re", NULL, NULL}, {"'ve", "'ve", NULL, NULL}, {"'ll", "'ll", NULL, NULL},
    {"'m", "'m", NULL, NULL}, {"'d", "'d", NULL, NULL}, {"''", "''", NULL, NULL},
    {"``", "``", NULL, NULL}, {"w/", "w/", NULL, NULL}, {"w/o", "w/o", NULL, NULL},
    {"b/c", "b/c", NULL, NULL}, {"a/c", "a/c", NULL, NULL},
    {":)", ":)", NULL, NULL}, {":-)", ":-)", NULL, NULL}, {":(", ":(", NULL, NULL},
    {":-(", ":-(", NULL, NULL}, {";)", ";)", NULL, NULL}, {";-)", ";-)", NULL, NULL},
    {":D", ":D", NULL, NULL}, {":-D", ":-D", NULL, NULL}, {":P", ":P", NULL, NULL},
    {":p", ":p", NULL, NULL}, {":-P", ":-P", NULL, NULL}, {":/", ":/", NULL, NULL},
    {":'(", ":'(", NULL, NULL}, {"<3", "<3", NULL, NULL}, {"^_^", "^_^", NULL, NULL},
    {":o)", ":o)", NULL, NULL}, {"=)", "=)", NULL, NULL}, {"(:", "(:", NULL, NULL},
    {";D", ";D", NULL, NULL}, {":-p", ":-p", NULL, NULL},
    {"Yahoo!", "Yahoo!", NULL, NULL},
};

/* First parts that make a hyphenated word lexicalised (UD EWT keeps e-mail, non-human,
 * re-wording, vice-president whole but splits self-driven, low-end, 15-year). */
static const char *const hyphen_prefixes[] = {
    "anti", "bi", "co", "counter", "cyber", "de", "e", "ex", "extra", "hyper", "inter",
    "intra", "macro", "mega", "micro", "mid", "mini", "mis", "multi", "neo", "non", "o",
    "over", "post", "pre", "pro", "pseudo", "quasi", "re", "semi", "sub", "super", "t",
    "trans", "tri", "ultra", "un", "under", "vice", "x",
};

static const char *const url_tlds[] = {
    "ac", "at", "au", "be", "biz", "br", "ca", "cc", "ch", "cn", "co", "com", "cz", "de",
    "dk", "edu", "es", "eu", "fi", "fr", "gov", "gr", "hk", "ie", "in", "info", "int", "io",
    "it", "jp", "kr", "me", "mil", "mx", "net", "nl", "no", "nz", "org", "pl", "pt", "ru",
    "se", "tv", "tw", "uk", "us", "za",
};

static int cmp_str(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* Case-insensitive ASCII lookup in a sorted table of lower-case words. */
static int in_sorted(const char *const *list, size_t n, const char *s, size_t len)
{
    char tmp[16];
    if (len == 0 || len >= sizeof tmp)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return 0;
        tmp[i] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
    }
    tmp[len] = '\0';
    return bsearch(tmp, list, n, sizeof *list, cmp_str) != NULL;
}

int glean_is_hyphen_prefix(const char *s, size_t len)
{
    return in_sorted(hyphen_prefixes, sizeof hyphen_prefixes / sizeof *hyphen_prefixes, s, len);
}

int glean_is_url_tld(const char *s, size_t len)
{
    return in_sorted(url_tlds, sizeof url_tlds / sizeof *url_tlds, s, len);
}

int glean_is_emoticon(const char *s, size_t len)
{
    static const char *const emoticons[] = {":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D",
        ":P", ":p", ":-P", ":/", ":'(", "<3", "^_^", ":o)", "=)", "(:", ";D", ":-p"};
    for (size_t i = 0; i < sizeof emoticons / sizeof *emoticons; i++)
        if (strlen(emoticons[i]) == len && memcmp(emoticons[i], s, len) == 0)
            return 1;
    return 0;
}

int glean_is_ampm(const char *s, size_t len)
{
    static const char *const forms[] = {"am", "pm", "a.m.", "p.m."};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = strlen(forms[i]), k;
        if (n != len)
            continue;
        for (k = 0; k < n && (s[k] | 32) == (forms[i][k] | 32); k++)
            ;
        if (k == n)
            return 1;
    }
    return 0;
}

int glean_is_salutation(const char *s, size_t len)
{
    static const char *const words[] = {"Best", "Cheers", "Regards", "Sincerely", "Thanks",
        "Thx", "Yours"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
            return 1;
    return 0;
}

int glean_tokenizer_add_builtin_rules(glean_tokenizer *tk, glean_error *err)
{
    for (size_t i = 0; i < sizeof title_abbrevs / sizeof *title_abbrevs; i++) {
        const char *a = title_abbrevs[i];
        size_t n = strlen(a);
        if (glean_tokenizer_add_abbreviation(tk, a, n, err) ||
            glean_strset_put(&tk->titles, a, n, glean_hash(a, n), 1))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }
    for (size_t i = 0; i < sizeof other_abbrevs / sizeof *other_abbrevs; i++) {
        int rc = glean_tokenizer_add_abbreviation(tk, other_abbrevs[i],
                                                  strlen(other_abbrevs[i]), err);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < sizeof special_cases / sizeof *special_cases; i++) {
        size_t lens[3], n = 0;
        for (size_t k = 1; k < 4 && special_cases[i][k]; k++)
            lens[n++] = strlen(special_cases[i][k]);
        const char *s = special_cases[i][0];
        int rc = glean_tokenizer_add_special(tk, s, strlen(s), lens, n, err);
        if (rc)
            return rc;
    }
    return GLEAN_OK;
}
