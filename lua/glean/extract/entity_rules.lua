--- The token-pattern rules of the news entity recognizer (glean.extract.entities): a
-- title before names, company suffixes and head words, newspapers, acronyms in brackets,
-- clubs in sports results, dates, and the capitalised runs the recognizer judges itself.
-- build_rules(nlp) -> rules, info: info[i] describes rule i (name, label, priority,
-- source, capture numbers), as rules:_match_flat numbers the matches.
local new_rules = require "glean.rules"

local LISTS = "glean.extract.lists."

--- A rule-string set of words: bare words match by norm, quoted ones exactly.
local function rule_set(words, exact)
  local items, seen = {}, {}
  for _, w in ipairs(words) do
    if not w:find("%s") and not seen[w] then
      seen[w] = true
      items[#items + 1] = exact and ("'" .. w .. "'") or w:lower()
    end
  end
  assert(#items <= 256, "a rule set holds at most 256 words")
  return "{" .. table.concat(items, " ") .. "}"
end

-- Each rule: name, pattern, label, priority (higher wins over an overlapping span of the
-- same length), and what the judge (entity_judge.lua) should know of it:
--   teams = true      its captures stay places when they are countries (national teams)
--   head_last = true  cut at a line break, the name keeps its last side (its head word)
--   title = true      the words before the capture are a title, not part of a listed name
--   written = 12      priority when the title is written as in the list (`Miss`, not `miss`)
-- `ent` (and `ent2`) are the captures that are entities (default: the whole match).
local function build_rules(nlp)
  local people = require(LISTS .. "people")
  local orgs = require(LISTS .. "orgs")
  local TITLE = rule_set(people.titles)
  local SUFFIX = rule_set(orgs.suffixes, true)
  local HEAD = rule_set(orgs.heads, true)
  local CLUB = rule_set(orgs.club_prefixes, true)
  local PARTICLE = rule_set(people.particles, true)
  local ROLE = rule_set(people.roles, true)
  -- a capitalised word: `Merkel`, `McDonald`, `O'Neill` (not `U.S.`)
  local CAP = "(<title> | /^%u%l/)"
  -- a name: capitalised words, `Jean-Pierre`, `F.`, `de`, `van der`
  local NAME = ("(%s (('-' | /^%%u%%.$/ | %s)* %s)*)"):format(CAP, PARTICLE, CAP)
  local WEEKDAY = "{monday tuesday wednesday thursday friday saturday sunday}"
  local MONTH = "{january february march april may june july august september october "
    .. "november december jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.}"
  local SAY = "{said says told added say tells}"
  -- month names as written (not `May`, a name and a verb too), years 1800-2099, units
  local MONTH_WRITTEN = "{'January' 'February' 'March' 'April' 'June' 'July' 'August' "
    .. "'September' 'October' 'November' 'December'}"
  local YEAR = "(/^1[89]%d%d$/ | /^20%d%d$/)"
  local UNITS = "{day days week weeks month months year years decade decades season seasons}"
  local DATE_PRIORITY = 11            -- over the lists' 10 (entities.lua, STRENGTH)
  local R = {
    -- people
    -- a title written as in the list outweighs a list (`Princess Diana`, `Mr Hague`:
    -- GeoNames towns); in lower case it does not (`miss England's games`, `major
    -- Hollywood studios`)
    { "person_title", TITLE .. " ent:(" .. NAME .. ")", "PERSON", 3,
      { title = true, written = 12 } },
    { "person_first", "ent:(@FIRST ('-' " .. CAP .. ")? " .. NAME .. ")", "PERSON", 2 },
    { "person_role", ROLE .. " ent:(" .. CAP .. " " .. NAME .. ")", "PERSON", 1,
      { title = true } },
    { "person_said", "ent:(" .. CAP .. " " .. CAP .. "?) " .. SAY .. " !<title>", "PERSON", 0 },
    { "person_age", "ent:(" .. CAP .. " " .. NAME .. ") ',' <num> ','", "PERSON", 1 },
    -- organisations
    { "org_suffix", "ent:((" .. CAP .. " | @*) (" .. CAP .. " | @* | '&' | /^%u/)* " .. SUFFIX .. ")",
      "ORG", 3, { head_last = true } },
    { "org_head", "ent:((" .. CAP .. " | @GPE|NORP|LOC|CITY|COUNTRY|REGION) (" .. CAP
      .. " | '&' | @*)* " .. HEAD .. " (of the? (" .. CAP .. " | @*)+)?)", "ORG", 2,
      { head_last = true } },
    { "org_of", "ent:({'Ministry' 'Department' 'Bank' 'University' 'Institute' 'Office' "
      .. "'Council' 'Board' 'Bureau' 'Commission' 'Committee' 'Federation' 'Association' "
      .. "'Union' 'League' 'Party' 'Church' 'College' 'Museum' 'Court' 'House' 'Chamber' "
      .. "'Coalition' 'Alliance' 'Organisation' 'Organization' 'Society' 'Foundation' 'Academy' "
      .. "'Agency' 'Authority' 'School' 'Centre' 'Institution'} "
      .. "of the? (" .. CAP .. " | @*)+)", "ORG", 2 },
    -- places
    { "gpe_republic", "ent:(@NORP 'Republic')", "COUNTRY", 3 },   -- `Kyrgyz Republic`
    { "org_club", "ent:(" .. CLUB .. " (" .. CAP .. " | @CITY|REGION|COUNTRY))", "ORG", 2 },
    { "org_paper", "{daily newspaper paper weekly magazine agency broadcaster network} "
      .. "ent:(" .. CAP .. "+)", "ORG", 1 },
    { "org_acronym", "{agency office authority ministry department "
      .. "commission committee company group bank party union service regulator council "
      .. "organisation organization institute association federation} '(' ent:/^%u[%u%d&]+$/ ')'",
      "ORG", 2 },
    -- sports: a town before a score (`Wigan 78 Workington 4`) or after `beat` is a club;
    -- a table of results ends its lines, not sentences: `$$` (line end) as well as `$`
    { "club_score", "ent:(@CITY|REGION|LOC) <num> (<num> | $ | $$ | '-' | '(')", "ORG", 20 },
    { "club_beat", "{beat beats beating drew draw against v vs vs. host hosts visit} "
      .. "ent:(@CITY|REGION)", "ORG", 20 },
    -- a fixture on a line of its own: `Arsenal v Stoke`, two clubs; `CINCINNATI AT
    -- ATLANTA`, a club and where it plays
    { "fixture_line", "^^ ent:(@CITY|REGION|LOC|ORG | <title>{1,3}) {v vs vs.} "
      .. "ent2:(@CITY|REGION|LOC|ORG | <title>{1,3}) $$", "ORG", 20, { teams = true } },
    { "fixture_at", "^^ ent:(@CITY|REGION|LOC|ORG | <title>{1,3}) at "
      .. "(@CITY|REGION|LOC | <title>{1,3}) $$", "ORG", 20, { teams = true } },
    { "score_line", "ent:(@CITY|REGION|ORG | <title>{1,3}) <num> "
      .. "ent2:(@CITY|REGION|ORG | <title>{1,3}) <num> ($ | $$ | '(' | '.')", "ORG", 20,
      { teams = true } },
    -- a row of a league table: a name at a line's start, then only numbers to its end
    { "standings_row", "^^ ent:(@CITY|REGION|ORG | <title>{1,3} | <upper>{1,3}) <num>{3,} $$",
      "ORG", 20, { teams = true } },
    -- dates, as OntoNotes counts them: days, months, years, decades, relative periods
    -- (`the past three years`, `this season`), durations (`nine months`) and ages
    -- (`25-year-old`); a date outweighs a list's name of its length (`Sunday`, `August`:
    -- first names and towns too)
    { "date_day", "ent:({last next this}? " .. WEEKDAY .. " (',' " .. MONTH .. " <num>)?)", "DATE", DATE_PRIORITY },
    { "date_month_day", "ent:(" .. MONTH .. " <num> (',' <num>)?)", "DATE", DATE_PRIORITY },
    { "date_day_month", "ent:(<num> ('-' <num>)? " .. MONTH .. " <num>?)", "DATE", DATE_PRIORITY },
    { "date_month", "ent:(" .. MONTH_WRITTEN .. " " .. YEAR .. "?)", "DATE", DATE_PRIORITY },
    { "date_year", "ent:" .. YEAR, "DATE", DATE_PRIORITY },
    { "date_decade", "ent:({early late}? /^[12]%d%d0s$/ | /^mid%-[12]%d%d0s$/)", "DATE", DATE_PRIORITY },
    { "date_relative", "ent:({last next this} {week month year weekend season spring summer "
      .. "autumn winter})", "DATE", DATE_PRIORITY },
    { "date_period", "ent:(the? {past last next coming previous recent first} <num>? "
      .. UNITS .. ")", "DATE", DATE_PRIORITY },
    { "date_duration", "ent:(({almost nearly about around} | up to | more than | less than)? "
      .. "<num> " .. UNITS .. " {ago old}?)", "DATE", DATE_PRIORITY },
    { "date_age", "ent:(<num> '-' {year month week day} '-' old)", "DATE", DATE_PRIORITY },
    { "date_iso", "ent:/^%d%d%d%d%-%d%d%-%d%d$/", "DATE", DATE_PRIORITY },
    -- every other capitalised run, judged in Lua (run_entities in entity_judge.lua)
    -- (no capture: the run is the whole match, and the matcher reports no groups)
    { "run", NAME, "RUN", -1 },
    { "upper_run", "<upper>+", "UPPER", -1 },
  }
  local rules = new_rules(nlp)
  local info = {}             -- by rule number, as rules:_match_flat reports them
  for i, r in ipairs(R) do
    rules:add(r[1], r[2], { label = r[3], priority = r[4] })
    local _, caps = rules._core:_info(i)
    local judge = r[5] or {}
    local x = { name = r[1], label = r[3], priority = r[4], source = "rule:" .. r[1],
      ncaps = #caps, run = r[3] == "RUN" or r[3] == "UPPER", teams = judge.teams,
      head_last = judge.head_last, title = judge.title }
    if judge.written then         -- the titles as written, for the written priority
      x.written_priority, x.written = judge.written, {}
      for _, t in ipairs(people.titles) do x.written[t] = true end
    end
    for k, cap in ipairs(caps) do x[cap] = k end   -- x.ent, x.ent2: capture numbers
    info[i] = x
  end
  return rules, info
end

return build_rules
